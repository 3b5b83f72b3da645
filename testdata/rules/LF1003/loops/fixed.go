package loops

import (
	"context"
	"sync"
	"time"
)

// The fixed queue: callers also select on a channel closed when the loop exits.
type SafeQueue struct {
	add  chan string
	quit chan struct{}
	done chan struct{}
	n    int
}

func NewSafeQueue() *SafeQueue {
	q := &SafeQueue{add: make(chan string), quit: make(chan struct{}), done: make(chan struct{})}
	go q.loop()
	return q
}

func (q *SafeQueue) loop() {
	defer close(q.done)
	for {
		select {
		case <-q.add:
			q.n++
		case <-q.quit:
			return
		}
	}
}

func (q *SafeQueue) Add(k string) error {
	select {
	case q.add <- k:
		return nil
	case <-q.done:
		return errClosed
	}
}

func (q *SafeQueue) AddCtx(ctx context.Context, k string) error {
	select {
	case q.add <- k:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (q *SafeQueue) TryAdd(k string) bool {
	select {
	case q.add <- k:
		return true
	default:
		return false
	}
}

func (q *SafeQueue) AddTimeout(k string) bool {
	select {
	case q.add <- k:
		return true
	case <-time.After(time.Second):
		return false
	}
}

func (q *SafeQueue) Stop() {
	close(q.quit)
	<-q.done
}

// A loop with no way out: it never stops serving its channel.
type Forever struct{ in chan int }

func NewForever() *Forever {
	f := &Forever{in: make(chan int)}
	go f.serve()
	return f
}

func (f *Forever) serve() {
	for {
		select {
		case v := <-f.in:
			_ = v
		}
	}
}

func (f *Forever) Put(v int) { f.in <- v }

// A buffered channel: the send completes without the loop (the buffer is the caller's promise).
type Buffered struct {
	in   chan int
	quit chan struct{}
}

func NewBuffered() *Buffered {
	b := &Buffered{in: make(chan int, 16), quit: make(chan struct{})}
	go b.run()
	return b
}

func (b *Buffered) run() {
	for {
		select {
		case <-b.in:
		case <-b.quit:
			return
		}
	}
}

func (b *Buffered) Put(v int) { b.in <- v }

// The stop channel, with the loop started unconditionally: Stop's send is what makes it return.
type Ticker struct {
	stop chan struct{}
	n    int
}

func NewTicker() *Ticker {
	t := &Ticker{stop: make(chan struct{})}
	go t.run()
	return t
}

func (t *Ticker) run() {
	for {
		select {
		case <-t.stop:
			return
		default:
			t.n++
		}
	}
}

func (t *Ticker) Stop() { t.stop <- struct{}{} }

// Start may fail, but Stop remembers whether the loop runs.
type GuardedScaler struct {
	conn    Conn
	stop    chan struct{}
	started bool
}

func (s *GuardedScaler) Start() error {
	if err := s.conn.Dial(); err != nil {
		return err
	}
	s.started = true
	go s.run()
	return nil
}

func (s *GuardedScaler) run() {
	for {
		select {
		case <-s.stop:
			return
		}
	}
}

func NewGuardedScaler(c Conn) *GuardedScaler {
	return &GuardedScaler{conn: c, stop: make(chan struct{})}
}

func (s *GuardedScaler) Stop() {
	if !s.started {
		return
	}
	s.stop <- struct{}{}
}

// Another goroutine also receives from the channel: the loop is not its only reader.
type Shared struct {
	jobs chan int
	quit chan struct{}
}

func NewShared() *Shared {
	s := &Shared{jobs: make(chan int), quit: make(chan struct{})}
	go s.run()
	go s.drain()
	return s
}

func (s *Shared) run() {
	for {
		select {
		case <-s.jobs:
		case <-s.quit:
			return
		}
	}
}

func (s *Shared) drain() {
	for range s.jobs {
	}
}

func (s *Shared) Submit(j int) { s.jobs <- j }

// The channel is handed out: who else serves it is not ours to know.
type Exposed struct {
	events chan string
	quit   chan struct{}
}

func NewExposed() *Exposed {
	e := &Exposed{events: make(chan string), quit: make(chan struct{})}
	go e.run()
	return e
}

func (e *Exposed) run() {
	for {
		select {
		case <-e.events:
		case <-e.quit:
			return
		}
	}
}

func (e *Exposed) Events() chan string { return e.events }

func (e *Exposed) Publish(s string) { e.events <- s }

// The loop closes the results channel on exit: a receive returns.
type Closer struct {
	results chan int
	quit    chan struct{}
}

func NewCloser() *Closer {
	c := &Closer{results: make(chan int), quit: make(chan struct{})}
	go c.run()
	return c
}

func (c *Closer) run() {
	defer close(c.results)
	for i := 0; ; i++ {
		select {
		case c.results <- i:
		case <-c.quit:
			return
		}
	}
}

func (c *Closer) Next() (int, bool) {
	v, ok := <-c.results
	return v, ok
}

// A worker pool whose workers range over jobs until it is closed: no exit but the close.
type Pool struct {
	jobs chan func()
	wg   sync.WaitGroup
}

func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan func())}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
	return p
}

func (p *Pool) worker() {
	defer p.wg.Done()
	for job := range p.jobs {
		job()
	}
}

func (p *Pool) Submit(job func()) { p.jobs <- job }

func (p *Pool) Close() {
	close(p.jobs)
	p.wg.Wait()
}

// The loop calls a helper method that sends on its own channel: the same goroutine.
type SelfFeed struct {
	in   chan int
	quit chan struct{}
}

func NewSelfFeed() *SelfFeed {
	s := &SelfFeed{in: make(chan int), quit: make(chan struct{})}
	go s.run()
	return s
}

func (s *SelfFeed) run() {
	for {
		select {
		case v := <-s.in:
			_ = v
		case <-s.quit:
			return
		}
	}
}

// Stop checks whether the loop is gone before sending.
type Checked struct {
	mu     sync.Mutex
	closed bool
	in     chan int
	quit   chan struct{}
}

func NewChecked() *Checked {
	c := &Checked{in: make(chan int), quit: make(chan struct{})}
	go c.run()
	return c
}

func (c *Checked) run() {
	for {
		select {
		case <-c.in:
		case <-c.quit:
			return
		}
	}
}

func (c *Checked) Put(v int) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return errClosed
	}
	c.mu.Unlock()
	c.in <- v
	return nil
}

// The receiver also selects on the done channel the loop closes on exit.
type Watcher struct {
	updates chan []string
	done    chan struct{}
}

func NewWatcher(ctx context.Context) *Watcher {
	w := &Watcher{updates: make(chan []string), done: make(chan struct{})}
	go w.run(ctx)
	return w
}

func (w *Watcher) run(ctx context.Context) {
	defer close(w.done)
	for {
		select {
		case w.updates <- nil:
		case <-ctx.Done():
			return
		}
	}
}

func (w *Watcher) Next() ([]string, error) {
	select {
	case a := <-w.updates:
		return a, nil
	case <-w.done:
		return nil, errClosed
	}
}

// An exported channel field: clients outside the package may serve it.
type Service struct {
	RunCh chan int
	stop  chan struct{}
}

func NewService() *Service {
	s := &Service{RunCh: make(chan int), stop: make(chan struct{})}
	go s.loop()
	return s
}

func (s *Service) loop() {
	for {
		select {
		case <-s.RunCh:
		case <-s.stop:
			return
		}
	}
}

func (s *Service) Run() { s.RunCh <- 1 }

// A constructor that fails returns no value anybody could Stop.
type Heartbeat struct{ term chan bool }

func StartHeartbeat(addr string) (*Heartbeat, error) {
	if addr == "" {
		return nil, errClosed
	}
	h := &Heartbeat{term: make(chan bool)}
	go h.beat()
	return h, nil
}

func (h *Heartbeat) beat() {
	for {
		select {
		case <-h.term:
			return
		}
	}
}

func (h *Heartbeat) Stop() { h.term <- true }
