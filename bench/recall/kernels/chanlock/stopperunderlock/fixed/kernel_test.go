package stopperunderlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCloseWhileTicking(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		ticks := make(chan time.Time, 1)
		r := NewReplica(ticks)
		r.onClose = func() {
			// A tick arrives while Close is closing: the worker takes it and goes for the lock.
			ticks <- time.Now()
			time.Sleep(20 * time.Millisecond)
		}
		r.Start()
		r.Close()
	})
}
