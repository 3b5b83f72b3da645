package conds

import (
	"sync"
	"time"
)

// A container state that callers wait on until it stops: the start-failure path clears running without a Broadcast.
type state struct {
	mu        sync.Mutex
	cond      *sync.Cond
	running   bool
	exitCode  int
	err       string
	startedAt time.Time
}

func newState() *state {
	s := &state{}
	s.cond = sync.NewCond(&s.mu)
	s.running = false
	return s
}

func (s *state) setStarting() {
	s.mu.Lock()
	s.running = true
	s.startedAt = time.Now()
	s.mu.Unlock()
}

func (s *state) setStopped(code int) {
	s.mu.Lock()
	s.running = false
	s.exitCode = code
	s.cond.Broadcast()
	s.mu.Unlock()
}

func (s *state) setStartFailed(err string) {
	s.mu.Lock()
	s.running = false // want `setStartFailed sets s.running = false, which ends the wait loop in waitStop \(line 63\), but never calls Broadcast or Signal, as setStopped does after the same change`
	s.exitCode = 128
	s.err = err
	s.mu.Unlock()
}

// A helper that only changes the state, called by a function that broadcasts after it: silent.
func (s *state) markStopped() {
	s.running = false
}

func (s *state) kill() {
	s.mu.Lock()
	s.markStopped()
	s.cond.Broadcast()
	s.mu.Unlock()
}

func (s *state) waitStop() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.running {
		s.cond.Wait()
	}
	return s.exitCode
}

// The fix: every writer that ends the wait broadcasts, itself or through a helper that does.
type fixedState struct {
	mu      sync.Mutex
	cond    *sync.Cond
	running bool
	err     string
}

func (s *fixedState) setStopped() {
	s.mu.Lock()
	s.running = false
	s.cond.Broadcast()
	s.mu.Unlock()
}

func (s *fixedState) setStartFailed(err string) {
	s.mu.Lock()
	s.running = false
	s.err = err
	s.notify()
	s.mu.Unlock()
}

func (s *fixedState) notify() { s.cond.Broadcast() }

func (s *fixedState) waitStop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.running {
		s.cond.Wait()
	}
}

// A queue whose consumer resets the flag it waits on: the waiter's own write, and no broadcasting writer of
// the ending value to break a convention.
type latch struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
}

func (l *latch) await() {
	l.mu.Lock()
	for !l.ready {
		l.cond.Wait()
	}
	l.ready = false
	l.mu.Unlock()
}

func (l *latch) release() {
	l.mu.Lock()
	l.ready = true
	l.cond.Signal()
	l.mu.Unlock()
}

// Setting the value that keeps the waiters waiting needs no signal.
func (l *latch) arm() {
	l.mu.Lock()
	l.ready = false
	l.mu.Unlock()
}
