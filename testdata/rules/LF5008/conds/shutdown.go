package conds

import "sync"

// A work queue whose Close wakes one waiter; nothing here shows more than one goroutine in Get (its callers may, but
// a barrier's one waiter is woken by one Signal too). Silent.
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
	q.closed = true
	q.mu.Unlock()
	q.cond.Signal()
}

// Consumers started in a loop: several goroutines wait in get at once.
type jobQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	jobs   []int
	closed bool
}

func (q *jobQueue) get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.jobs) == 0 {
		return 0, false
	}
	v := q.jobs[0]
	q.jobs = q.jobs[1:]
	return v, true
}

func (q *jobQueue) close() {
	q.mu.Lock()
	q.closed = true // want `close sets q.closed = true, which ends the wait loop in get`
	q.mu.Unlock()
	q.cond.Signal()
}

func startConsumers(q *jobQueue, n int, out chan<- int) {
	for i := 0; i < n; i++ {
		go func() {
			for {
				v, ok := q.get()
				if !ok {
					return
				}
				out <- v
			}
		}()
	}
}

// An unexported waiter with one goroutine waiting: one Signal wakes it. Silent.
type oneWaiter struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
	done bool
}

func (w *oneWaiter) wait() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.n == 0 && !w.done {
		w.cond.Wait()
	}
}

func (w *oneWaiter) finish() {
	w.mu.Lock()
	w.done = true
	w.mu.Unlock()
	w.cond.Signal()
}

func runOneWaiter(w *oneWaiter) { go w.wait() }

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

// One waiter, the closer itself: only the first Close waits for the worker, which signals once. Silent.
type closingLogger struct {
	mu     sync.Mutex
	cond   *sync.Cond
	closed bool
	stream chan string
}

func (l *closingLogger) worker() {
	for range l.stream {
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	l.cond.Signal()
}

func (l *closingLogger) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cond == nil {
		l.cond = sync.NewCond(&l.mu)
		close(l.stream)
		for !l.closed {
			l.cond.Wait()
		}
	}
}

func startClosingLogger(l *closingLogger) { go l.worker() }

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
