package tailercloseskipped

import (
	"strings"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestErrorsOfTruncatedLog(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		log := "info: started\nerror: disk full\ngarbage\nerror: retry\n"
		if n := Errors(strings.NewReader(log)); n != 1 {
			t.Errorf("got %d errors, want 1", n)
		}
	})
}
