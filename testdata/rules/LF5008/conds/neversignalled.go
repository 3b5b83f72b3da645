package conds

import (
	"sync"
	"time"
)

// A tracker whose waitIdle waits on a Cond that nothing ever signals: end counts down without Broadcast, and no
// other code touches the Cond.
type idleTracker struct {
	mu      sync.Mutex
	idle    *sync.Cond
	pending int
}

func newIdleTracker() *idleTracker {
	t := &idleTracker{}
	t.idle = sync.NewCond(&t.mu)
	return t
}

func (t *idleTracker) begin() {
	t.mu.Lock()
	t.pending++
	t.mu.Unlock()
}

func (t *idleTracker) end() {
	t.mu.Lock()
	t.pending--
	t.mu.Unlock()
}

func (t *idleTracker) waitIdle() {
	t.mu.Lock()
	for t.pending > 0 {
		t.idle.Wait() // want `this Wait on idleTracker.idle waits for a Signal or Broadcast that nothing sends`
	}
	t.mu.Unlock()
}

// The fix: end broadcasts.
type fixedIdleTracker struct {
	mu      sync.Mutex
	idle    sync.Cond
	pending int
}

func newFixedIdleTracker() *fixedIdleTracker {
	t := &fixedIdleTracker{}
	t.idle.L = &t.mu
	return t
}

func (t *fixedIdleTracker) end() {
	t.mu.Lock()
	t.pending--
	if t.pending == 0 {
		t.idle.Broadcast()
	}
	t.mu.Unlock()
}

func (t *fixedIdleTracker) waitIdle() {
	t.mu.Lock()
	for t.pending > 0 {
		t.idle.Wait()
	}
	t.mu.Unlock()
}

// Signalled through a method value handed to a timer: silent.
type tickWaiter struct {
	mu   sync.Mutex
	tick *sync.Cond
	n    int
}

func newTickWaiter() *tickWaiter {
	w := &tickWaiter{}
	w.tick = sync.NewCond(&w.mu)
	time.AfterFunc(time.Second, w.tick.Broadcast)
	return w
}

func (w *tickWaiter) wait() {
	w.mu.Lock()
	for w.n == 0 {
		w.tick.Wait()
	}
	w.mu.Unlock()
}

// Handed out: whoever gets it may signal it.
type sharedCond struct {
	mu    sync.Mutex
	ready *sync.Cond
	ok    bool
}

func (s *sharedCond) Cond() *sync.Cond { return s.ready }

func (s *sharedCond) wait() {
	s.mu.Lock()
	for !s.ok {
		s.ready.Wait()
	}
	s.mu.Unlock()
}

// Exported: another package may signal it.
type PublicCond struct {
	Mu    sync.Mutex
	Ready *sync.Cond
	OK    bool
}

func (p *PublicCond) Wait() {
	p.Mu.Lock()
	for !p.OK {
		p.Ready.Wait()
	}
	p.Mu.Unlock()
}
