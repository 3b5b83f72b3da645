package signalbeforewait

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestWaitAfterReady(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		b := NewReadyBarrier()
		go b.Ready() // the listener comes up first
		time.Sleep(10 * time.Millisecond)
		b.Wait()
	})
}
