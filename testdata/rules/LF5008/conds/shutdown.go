package conds

import "sync"

// A work queue many workers Get from; Close wakes one of them.
type workQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func newWorkQueue() *workQueue {
	q := &workQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *workQueue) Get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

func (q *workQueue) Put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *workQueue) Close() {
	q.mu.Lock()
	q.closed = true // want `Close sets q.closed = true, which ends the wait loop in Get \(line 22\) for every goroutine waiting there, but wakes only one of them with Signal`
	q.mu.Unlock()
	q.cond.Signal()
}

// Fixed: Close broadcasts. Silent.
type fixedWorkQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func (q *fixedWorkQueue) Get() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	return len(q.items)
}

func (q *fixedWorkQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// The waiters pass the wake-up on: each one leaving on closed signals the next. Silent.
type relayQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	n      int
	closed bool
}

func (q *relayQueue) Get() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.n == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		q.cond.Signal()
		return false
	}
	q.n--
	return true
}

func (q *relayQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Signal()
}

// One waiter, the loop the constructor starts: one Signal wakes it. Silent.
type flusher struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending int
	stopped bool
}

func newFlusher() *flusher {
	f := &flusher{}
	f.cond = sync.NewCond(&f.mu)
	go f.loop()
	return f
}

func (f *flusher) loop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for {
		for f.pending == 0 && !f.stopped {
			f.cond.Wait()
		}
		if f.stopped {
			return
		}
		f.pending = 0
	}
}

func (f *flusher) Stop() {
	f.mu.Lock()
	f.stopped = true
	f.mu.Unlock()
	f.cond.Signal()
}

// A flag set back by Resume: a pause, not a shutdown; one Signal per change is the package's choice. Silent.
type pauser struct {
	mu     sync.Mutex
	cond   *sync.Cond
	paused bool
}

func (p *pauser) Wait() {
	p.mu.Lock()
	for p.paused {
		p.cond.Wait()
	}
	p.mu.Unlock()
}

func (p *pauser) Pause() {
	p.mu.Lock()
	p.paused = true
	p.mu.Unlock()
}

func (p *pauser) Resume() {
	p.mu.Lock()
	p.paused = false
	p.mu.Unlock()
	p.cond.Signal()
}
