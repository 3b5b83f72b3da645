package pending

import (
	"context"
	"sync"
	"time"
)

// A sequencer's loop answers on the reply channel each caller sends it. Next gives up when its context ends;
// the loop's answer then waits for ever.
type sequencer struct {
	reqs chan chan int
	n    int
}

func newSequencer() *sequencer {
	s := &sequencer{reqs: make(chan chan int)}
	go s.loop()
	return s
}

func (s *sequencer) loop() {
	for reply := range s.reqs {
		s.n++
		reply <- s.n // want `this send on reply blocks for ever once Next has stopped waiting: Next hands an unbuffered channel over through s\.reqs \(line 31\)`
	}
}

func (s *sequencer) Next(ctx context.Context) (int, error) {
	reply := make(chan int)
	s.reqs <- reply
	select {
	case v := <-reply:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// A connection pool's loop hands connections to waiters in a select; a waiter gives up after a timeout.
type connPool struct {
	get  chan chan string
	stop chan struct{}
}

func newConnPool() *connPool {
	p := &connPool{get: make(chan chan string), stop: make(chan struct{})}
	go p.run()
	return p
}

func (p *connPool) run() {
	for {
		select {
		case w := <-p.get:
			w <- "conn" // want `this send on w blocks for ever once acquire has stopped waiting`
		case <-p.stop:
			return
		}
	}
}

func (p *connPool) acquire(d time.Duration) (string, bool) {
	w := make(chan string)
	select {
	case p.get <- w:
	case <-p.stop:
		return "", false
	}
	select {
	case c := <-w:
		return c, true
	case <-time.After(d):
		return "", false
	}
}

// Waiters kept in a list and woken one by one with a value; a waiter leaves on its context.
type waitList struct {
	mu      sync.Mutex
	waiters []chan struct{}
}

func (l *waitList) wait(ctx context.Context) error {
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

func (l *waitList) wakeAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, w := range l.waiters {
		w <- struct{}{} // want `this send on w blocks for ever once wait has stopped waiting: wait hands an unbuffered channel over through l\.waiters`
	}
	l.waiters = nil
}
