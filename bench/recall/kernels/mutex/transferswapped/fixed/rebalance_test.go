package transferswapped

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Replica struct {
	mu     sync.Mutex
	id     int
	leases int
}

// Move hands n leases from src to dst.
func Move(src, dst *Replica, n int) bool {
	first, second := src, dst
	if dst.id < src.id {
		first, second = dst, src // lock in ID order, whichever way the leases go
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	if src.leases < n {
		return false
	}
	time.Sleep(time.Millisecond) // the lease handover RPC
	second.mu.Lock()
	defer second.mu.Unlock()
	src.leases -= n
	dst.leases += n
	return true
}

func TestRebalance(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r1 := &Replica{id: 1, leases: 10}
		r2 := &Replica{id: 2, leases: 10}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); Move(r1, r2, 1) }()
		go func() { defer wg.Done(); Move(r2, r1, 1) }()
		wg.Wait()
		if r1.leases+r2.leases != 20 {
			t.Errorf("leases lost")
		}
	})
}
