package stalepredicatelocal

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestAcquireWaitsForRelease(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		q := NewQuotaPool(1 << 20)
		q.Acquire(800 << 10) // a large AddSSTable proposal
		acquired := make(chan struct{})
		go func() {
			q.Acquire(512 << 10)
			close(acquired)
		}()
		time.Sleep(20 * time.Millisecond) // the second proposal waits for quota
		q.Release(800 << 10)
		<-acquired
		if got := q.Used(); got != 512<<10 {
			t.Errorf("used = %d", got)
		}
	})
}
