package drainnobroadcast

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestDrainAfterRequest(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		tr := NewTracker()
		tr.Start()
		go func() {
			time.Sleep(20 * time.Millisecond)
			tr.Done()
		}()
		tr.Drain()
	})
}
