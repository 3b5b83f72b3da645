package pending

import (
	"context"
	"sync"
)

// The fix: room for the answer.
type bufferedSequencer struct {
	reqs chan chan int
	n    int
}

func newBufferedSequencer() *bufferedSequencer {
	s := &bufferedSequencer{reqs: make(chan chan int)}
	go s.loop()
	return s
}

func (s *bufferedSequencer) loop() {
	for reply := range s.reqs {
		s.n++
		reply <- s.n
	}
}

func (s *bufferedSequencer) Next(ctx context.Context) (int, error) {
	reply := make(chan int, 1)
	s.reqs <- reply
	select {
	case v := <-reply:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// A caller that waits for its answer whatever happens.
type patientSequencer struct {
	reqs chan chan int
}

func newPatientSequencer() *patientSequencer {
	s := &patientSequencer{reqs: make(chan chan int)}
	go s.loop()
	return s
}

func (s *patientSequencer) loop() {
	for reply := range s.reqs {
		reply <- 1
	}
}

func (s *patientSequencer) Next() int {
	reply := make(chan int)
	s.reqs <- reply
	return <-reply
}

// Waiters woken by closing their channels: a close never waits.
type closeList struct {
	mu      sync.Mutex
	waiters []chan struct{}
}

func (l *closeList) wait(ctx context.Context) error {
	ch := make(chan struct{})
	l.mu.Lock()
	l.waiters = append(l.waiters, ch)
	l.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *closeList) wakeAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, w := range l.waiters {
		close(w)
	}
	l.waiters = nil
}

// The waker does not wait for a waiter that may be gone.
type politeList struct {
	mu      sync.Mutex
	waiters []chan struct{}
}

func (l *politeList) wait(ctx context.Context) error {
	ch := make(chan struct{})
	l.mu.Lock()
	l.waiters = append(l.waiters, ch)
	l.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *politeList) wakeAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, w := range l.waiters {
		select {
		case w <- struct{}{}:
		default:
		}
	}
	l.waiters = nil
}
