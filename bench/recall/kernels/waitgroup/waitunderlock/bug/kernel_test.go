package waitunderlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestShutdownWithChecks(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		a := NewAgent()
		a.AddCheck(Check{ID: "service:web", Interval: 5 * time.Millisecond})
		a.AddCheck(Check{ID: "serfHealth", Interval: 5 * time.Millisecond})
		time.Sleep(10 * time.Millisecond)
		a.Shutdown()
	})
}
