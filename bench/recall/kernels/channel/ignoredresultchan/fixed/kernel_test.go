package ignoredresultchan

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type quickRuntime struct{}

func (quickRuntime) Run(string) int { return 0 }

func TestRestartDoesNotWait(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := &Daemon{rt: quickRuntime{}}
		d.Restart([]string{"web", "db"})
		if st := <-d.Start("cache"); st.Code != 0 {
			t.Errorf("code = %d", st.Code)
		}
	})
}
