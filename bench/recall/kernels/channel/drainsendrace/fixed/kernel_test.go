package drainsendrace

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestConcurrentUpdatesAfterClose(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		b := NewBalancerWrapper()
		b.UpdateState("CONNECTING")
		time.Sleep(20 * time.Millisecond) // the watcher hands it to the balancer
		b.Close()

		// The first subconnection is descheduled right after its drain.
		var calls int32
		b.afterDrain = func() {
			if atomic.AddInt32(&calls, 1) == 1 {
				time.Sleep(60 * time.Millisecond)
			}
		}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); b.UpdateState("READY") }()
		time.Sleep(15 * time.Millisecond)
		go func() { defer wg.Done(); b.UpdateState("TRANSIENT_FAILURE") }()
		wg.Wait()
		if got := b.Seen(); len(got) != 1 {
			t.Errorf("seen = %v", got)
		}
	})
}
