package batch

import (
	"fmt"
	"sync"
)

// A slot pool: each Acquire waits for a free slot and takes one; ReleaseN hands a finished batch's slots back
// at once but wakes only one waiter.
type slotPool struct {
	mu      sync.Mutex
	cond    *sync.Cond
	free    int
	granted map[string]int
}

func newSlotPool(n int) *slotPool {
	p := &slotPool{free: n, granted: map[string]int{}}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *slotPool) Acquire(owner string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.free == 0 {
		p.cond.Wait()
	}
	p.free--
	p.granted[owner]++
}

func (p *slotPool) ReleaseN(owner string, n int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.granted[owner] < n {
		return fmt.Errorf("%s holds %d slots", owner, p.granted[owner])
	}
	p.granted[owner] -= n
	p.free += n
	p.cond.Signal() // want `ReleaseN adds n to p.free \(line 40\) and wakes one waiter with Signal, but each waiter of the loop in Acquire \(line 26\) takes one \(line 29\)`
	return nil
}

// One unit at a time: one Signal wakes the one waiter it can serve.
func (p *slotPool) Release(owner string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.granted[owner]--
	p.free += 1
	p.cond.Signal()
}
