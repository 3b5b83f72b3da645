package closehookrelock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCloseRunsHooks(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := &Pool{ready: map[*Transport]bool{}}
		tr := &Transport{}
		p.Add(tr)
		tr.Close()
		if len(p.ready) != 0 {
			t.Errorf("closed transport still ready")
		}
	})
}
