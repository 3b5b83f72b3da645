package batch

import "sync"

// The fix: Broadcast wakes every waiter, each re-checks and takes a slot while there is one.
type broadcastPool struct {
	mu   sync.Mutex
	cond *sync.Cond
	free int
}

func newBroadcastPool(n int) *broadcastPool {
	p := &broadcastPool{free: n}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *broadcastPool) Acquire() {
	p.mu.Lock()
	for p.free == 0 {
		p.cond.Wait()
	}
	p.free--
	p.mu.Unlock()
}

func (p *broadcastPool) ReleaseN(n int) {
	p.mu.Lock()
	p.free += n
	p.cond.Broadcast()
	p.mu.Unlock()
}

// One Signal per unit given back.
type perUnitPool struct {
	mu   sync.Mutex
	cond *sync.Cond
	free int
}

func newPerUnitPool(n int) *perUnitPool {
	p := &perUnitPool{free: n}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *perUnitPool) Acquire() {
	p.mu.Lock()
	for p.free == 0 {
		p.cond.Wait()
	}
	p.free--
	p.mu.Unlock()
}

func (p *perUnitPool) ReleaseN(n int) {
	p.mu.Lock()
	p.free += n
	for i := 0; i < n; i++ {
		p.cond.Signal()
	}
	p.mu.Unlock()
}

// The waiters pass the wake-up on: each one that takes a unit and sees more signals the next.
type chainPool struct {
	mu   sync.Mutex
	cond *sync.Cond
	free int
}

func newChainPool(n int) *chainPool {
	p := &chainPool{free: n}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *chainPool) Acquire() {
	p.mu.Lock()
	for p.free == 0 {
		p.cond.Wait()
	}
	p.free--
	if p.free > 0 {
		p.cond.Signal()
	}
	p.mu.Unlock()
}

func (p *chainPool) ReleaseN(n int) {
	p.mu.Lock()
	p.free += n
	p.cond.Signal()
	p.mu.Unlock()
}

// The waiter drains everything there is (a batch consumer): one Signal serves it.
type drainQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending int
}

func newDrainQueue() *drainQueue {
	q := &drainQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *drainQueue) TakeAll() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.pending == 0 {
		q.cond.Wait()
	}
	n := q.pending
	q.pending = 0
	return n
}

func (q *drainQueue) AddN(n int) {
	q.mu.Lock()
	q.pending += n
	q.cond.Signal()
	q.mu.Unlock()
}
