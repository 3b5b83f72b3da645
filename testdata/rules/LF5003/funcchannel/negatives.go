package funcchannel

import "sync"

// An executor running queued closures with no lock held: each may lock what it likes. Silent.
type Executor struct {
	mu    sync.Mutex
	count int
	tasks chan func()
}

func NewExecutor() *Executor {
	e := &Executor{tasks: make(chan func(), 4)}
	go e.run()
	return e
}

func (e *Executor) Count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.count
}

func (e *Executor) Ping() { e.tasks <- func() { e.Count() } }

func (e *Executor) run() {
	for f := range e.tasks {
		f()
		e.mu.Lock()
		e.count++
		e.mu.Unlock()
	}
}

// A queue also fed by an exported Submit nobody in the package calls: other packages put any function there, so
// what it runs is unknown, even though the package's own closure locks. Silent.
type Queue struct {
	mu      sync.Mutex
	depth   int
	pending chan func()
}

func NewQueue() *Queue { return &Queue{pending: make(chan func(), 8)} }

func (q *Queue) Depth() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.depth
}

func (q *Queue) Submit(f func()) { q.pending <- f }

func (q *Queue) probe() { q.pending <- func() { q.Depth() } }

func (q *Queue) Drain() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.pending) > 0 {
		f := <-q.pending
		f()
	}
}

// A channel of functions handed to a helper goroutine, which may send anything on it. Silent.
type Ticker struct {
	mu    sync.Mutex
	n     int
	queue chan func()
}

func NewTicker(feed func(chan<- func())) *Ticker {
	t := &Ticker{queue: make(chan func(), 1)}
	t.queue <- func() { t.Value() }
	go feed(t.queue)
	return t
}

func (t *Ticker) Value() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

func (t *Ticker) Step() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n++
	(<-t.queue)()
}

// A channel given from outside by the constructor: its senders are unknown. Silent.
type Loop struct {
	mu  sync.Mutex
	in  chan func()
	hit int
}

func NewLoop(in chan func()) *Loop { return &Loop{in: in} }

func (l *Loop) Hits() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.hit
}

func (l *Loop) Poke() { l.in <- func() { l.Hits() } }

func (l *Loop) Run() {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := <-l.in
	f()
}

// Closures run after the lock is released. Silent.
type Batcher struct {
	mu    sync.Mutex
	size  int
	flush chan func()
}

func NewBatcher() *Batcher { return &Batcher{flush: make(chan func(), 1)} }

func (b *Batcher) Size() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.size
}

func (b *Batcher) Add() { b.flush <- func() { b.Size() } }

func (b *Batcher) Tick() {
	b.mu.Lock()
	b.size++
	b.mu.Unlock()
	select {
	case f := <-b.flush:
		f()
	default:
	}
}
