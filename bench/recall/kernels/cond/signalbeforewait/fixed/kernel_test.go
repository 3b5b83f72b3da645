package signalbeforewait

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestWaitAfterReady(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		b := NewReadyBarrier()
		b.Ready() // the listener comes up before anyone waits
		b.Wait()
	})
}
