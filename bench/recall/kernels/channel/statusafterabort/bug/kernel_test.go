package statusafterabort

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestAbortBeforeExit(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		a := NewAgent(slowProxy)
		a.Abort()
		if err := a.Run(); err != errAborted {
			t.Errorf("got %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	})
}
