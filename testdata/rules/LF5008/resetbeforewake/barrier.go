package resetbeforewake

import "sync"

// A reusable barrier whose last party resets the count its waiters test before waking them.
type barrier struct {
	mu      sync.Mutex
	cond    *sync.Cond
	parties int
	arrived int
}

func newBarrier(n int) *barrier {
	b := &barrier{parties: n}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *barrier) Await() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.arrived++
	if b.arrived == b.parties {
		b.arrived = 0 // want `Await counts b.arrived up \(line 22\), which can end the wait loop in Await \(line 28\), but then sets b.arrived = 0 before its Broadcast \(line 25\)`
		b.cond.Broadcast()
		return
	}
	for b.arrived < b.parties {
		b.cond.Wait()
	}
}

// A latch counted down to zero, then re-armed to a constant before the wake-up.
type latch struct {
	mu    sync.Mutex
	cond  *sync.Cond
	count int
}

func (l *latch) CountDown() {
	l.mu.Lock()
	l.count--
	if l.count == 0 {
		l.count = 3 // want `CountDown counts l.count down \(line 42\), which can end the wait loop in Wait \(line 53\), but then sets l.count = 3 before its Signal`
		l.cond.Signal()
	}
	l.mu.Unlock()
}

func (l *latch) Wait() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.count > 0 {
		l.cond.Wait()
	}
}
