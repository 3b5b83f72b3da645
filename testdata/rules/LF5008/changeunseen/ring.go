package changeunseen

import (
	"errors"
	"sync"
)

var errClosed = errors.New("closed")

// A message ring: Close sets closed and broadcasts, but Dequeue's loop tests only the queue's length.
type ring struct {
	mu     sync.Mutex
	wait   *sync.Cond
	queue  []string
	closed bool
}

func newRing() *ring {
	r := &ring{}
	r.wait = sync.NewCond(&r.mu)
	return r
}

func (r *ring) Enqueue(m string) {
	r.mu.Lock()
	r.queue = append(r.queue, m)
	r.wait.Signal()
	r.mu.Unlock()
}

func (r *ring) Dequeue() (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.queue) == 0 {
		r.wait.Wait()
	}
	if r.closed && len(r.queue) == 0 {
		return "", errClosed
	}
	m := r.queue[0]
	r.queue = r.queue[1:]
	return m, nil
}

func (r *ring) Close() {
	r.mu.Lock()
	r.closed = true
	r.wait.Broadcast() // want `Close sets r.closed = true and wakes the waiters, but their loop \(line 34, in Dequeue\) never tests closed in its condition`
	r.mu.Unlock()
}

// Fixed: the loop tests closed too. Silent.
type fixedRing struct {
	mu     sync.Mutex
	wait   *sync.Cond
	queue  []string
	closed bool
}

func newFixedRing() *fixedRing {
	r := &fixedRing{}
	r.wait = sync.NewCond(&r.mu)
	return r
}

func (r *fixedRing) Dequeue() (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.queue) == 0 && !r.closed {
		r.wait.Wait()
	}
	if len(r.queue) == 0 {
		return "", errClosed
	}
	m := r.queue[0]
	r.queue = r.queue[1:]
	return m, nil
}

func (r *fixedRing) Close() {
	r.mu.Lock()
	r.closed = true
	r.wait.Broadcast()
	r.mu.Unlock()
}

// The loop's condition calls a method that may read anything. Silent.
type methodRing struct {
	mu     sync.Mutex
	wait   *sync.Cond
	queue  []string
	closed bool
}

func (r *methodRing) empty() bool { return len(r.queue) == 0 && !r.closed }

func (r *methodRing) Dequeue() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.empty() {
		r.wait.Wait()
	}
	if r.closed {
		return ""
	}
	return r.queue[0]
}

func (r *methodRing) Close() {
	r.mu.Lock()
	r.closed = true
	r.wait.Broadcast()
	r.mu.Unlock()
}

// The waiters never look at the field at all: a broadcast for other reasons. Silent.
type statsRing struct {
	mu     sync.Mutex
	wait   *sync.Cond
	queue  []string
	pokes  int
}

func (r *statsRing) Dequeue() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.queue) == 0 {
		r.wait.Wait()
	}
	return r.queue[0]
}

func (r *statsRing) Poke() {
	r.mu.Lock()
	r.pokes++
	r.wait.Broadcast()
	r.mu.Unlock()
}
