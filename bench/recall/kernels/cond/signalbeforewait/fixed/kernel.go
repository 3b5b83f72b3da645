package signalbeforewait

import "sync"

type ReadyBarrier struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
}

func NewReadyBarrier() *ReadyBarrier {
	b := &ReadyBarrier{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Ready marks the listener as serving and wakes a waiter.
func (b *ReadyBarrier) Ready() {
	b.mu.Lock()
	b.ready = true
	b.cond.Signal()
	b.mu.Unlock()
}

// Wait blocks until Ready has been called.
func (b *ReadyBarrier) Wait() {
	b.mu.Lock()
	for !b.ready {
		b.cond.Wait()
	}
	b.mu.Unlock()
}
