package resetbeforewake

import "sync"

// The idiomatic barrier: waiters wait for the phase to change, which the reset of the count does not undo.
type phaseBarrier struct {
	mu      sync.Mutex
	cond    *sync.Cond
	parties int
	arrived int
	phase   uint64
}

func (b *phaseBarrier) Await() {
	b.mu.Lock()
	defer b.mu.Unlock()
	phase := b.phase
	b.arrived++
	if b.arrived == b.parties {
		b.arrived = 0
		b.phase++
		b.cond.Broadcast()
		return
	}
	for phase == b.phase {
		b.cond.Wait()
	}
}

// The count is part of the condition, but a generation field the condition reads ends the loop too.
type genBarrier struct {
	mu      sync.Mutex
	cond    *sync.Cond
	parties int
	arrived int
	gen     int
}

func (b *genBarrier) Await() {
	b.mu.Lock()
	defer b.mu.Unlock()
	gen := b.gen
	b.arrived++
	if b.arrived == b.parties {
		b.arrived = 0
		b.gen++
		b.cond.Broadcast()
		return
	}
	for b.arrived < b.parties && gen == b.gen {
		b.cond.Wait()
	}
}

// The reset comes after the Broadcast, in another critical section, once the waiters have left: still racy, but
// not this shape; and a reset after the wake-up, in its own branch, is not before it.
type pool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	free   int
	closed bool
}

func (p *pool) Put() {
	p.mu.Lock()
	p.free++
	p.cond.Signal()
	p.mu.Unlock()
}

// A drain that takes everything and then hands some back: the value it sets leaves room.
func (p *pool) Resize(n int) {
	p.mu.Lock()
	p.free++
	p.free = 2
	p.cond.Broadcast()
	p.mu.Unlock()
}

// A reset in one branch, the wake-up in the other.
func (p *pool) Reopen(ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free++
	if !ok {
		p.free = 0
		return
	}
	p.cond.Broadcast()
}

// A reset that a helper of the package follows with more changes before the wake-up.
func (p *pool) Refill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free++
	p.free = 0
	p.refillLocked()
	p.cond.Broadcast()
}

func (p *pool) refillLocked() { p.free = 4 }

func (p *pool) Get() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.free == 0 && !p.closed {
		p.cond.Wait()
	}
	p.free--
}
