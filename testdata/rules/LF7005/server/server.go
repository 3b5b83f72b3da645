package server

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

type listener interface{ Accept() (int, error) }

// A server whose Serve goroutine records its error while Err reads it: nothing orders the two.
type Server struct {
	ln  listener
	err error
}

func (s *Server) Start() {
	go func() {
		for {
			if _, err := s.ln.Accept(); err != nil {
				s.err = err
				return
			}
		}
	}()
}

func (s *Server) Err() error {
	return s.err // want `Err uses s\.err with no lock, while the goroutine Start starts \(line 19\) writes it \(line 22\)`
}

// A poller method started with go, counting in its loop; Count reads the counter unguarded.
type Poller struct {
	polls int
	last  time.Time
	quit  chan struct{}
}

func NewPoller() *Poller {
	p := &Poller{quit: make(chan struct{})}
	go p.loop()
	return p
}

func (p *Poller) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			p.polls++
		case <-p.quit:
			return
		}
	}
}

func (p *Poller) Count() int {
	return p.polls // want `Count uses p\.polls with no lock, while the goroutine NewPoller starts \(line 42\) writes it \(line 52\)`
}

// A worker that flips a done flag another method checks.
type Task struct {
	done bool
	run  func() error
}

func (t *Task) Launch() {
	go func() {
		_ = t.run()
		t.done = true
	}()
}

func (t *Task) Done() bool { return t.done } // want `Done uses t\.done with no lock`

// Negative cases: the idiomatic fixes.

// The error is handed over by closing a channel after the write; Err waits for it.
type Conn struct {
	err    error
	closed chan struct{}
	read   func() error
}

func (c *Conn) Start() {
	go func() {
		c.err = c.read()
		close(c.closed)
	}()
}

func (c *Conn) Err() error {
	<-c.closed
	return c.err
}

// The same publication, but the reader documents "call after Done is closed": the close after the write orders it.
type Request struct {
	result string
	done   chan struct{}
}

func (r *Request) Go(f func() string) {
	go func() {
		r.result = f()
		close(r.done)
	}()
}

func (r *Request) Result() string { return r.result }

// Both sides lock.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Start(ticks <-chan time.Time) {
	go func() {
		for range ticks {
			c.mu.Lock()
			c.n++
			c.mu.Unlock()
		}
	}()
}

func (c *Counter) N() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// Atomic types.
type Gauge struct{ v atomic.Int64 }

func (g *Gauge) Start(ticks <-chan time.Time) {
	go func() {
		for range ticks {
			g.v.Add(1)
		}
	}()
}

func (g *Gauge) Value() int64 { return g.v.Load() }

// A field set before the goroutine starts and only read after.
type Worker struct {
	name string
	jobs chan string
}

func (w *Worker) Start(name string) {
	w.name = name
	go func() {
		for j := range w.jobs {
			_ = j + w.name
		}
	}()
}

func (w *Worker) Name() string { return w.name }

// The starter waits for the goroutine before returning.
type Batch struct{ total int }

func (b *Batch) Run(items []int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, i := range items {
			b.total += i
		}
	}()
	wg.Wait()
}

func (b *Batch) Total() int { return b.total }

// The goroutine signals completion with wg.Done in a defer; Wait orders the read.
type Loader struct {
	wg   sync.WaitGroup
	data []byte
	load func() []byte
}

func (l *Loader) Start() {
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		l.data = l.load()
	}()
}

func (l *Loader) Data() []byte {
	l.wg.Wait()
	return l.data
}

// The goroutine sends its result: readers take it from the channel, the field is its own.
type Pinger struct {
	lastErr error
	errs    chan error
	ping    func() error
}

func (p *Pinger) Start() {
	go func() {
		for {
			p.lastErr = p.ping()
			p.errs <- p.lastErr
		}
	}()
}

func (p *Pinger) Errors() <-chan error { return p.errs }

// A field only unexported helpers touch.
type cache struct {
	hits int
	in   chan string
}

func (c *cache) Run() {
	go func() {
		for range c.in {
			c.hits++
		}
	}()
}

func (c *cache) reset() { c.hits = 0 }

var errStopped = errors.New("stopped")

// The goroutine cancels through a callback after the write (a context's cancel): that may publish it.
type Runner struct {
	err    error
	cancel func()
}

func (r *Runner) Start(work func() error) {
	go func() {
		r.err = work()
		r.cancel()
	}()
}

func (r *Runner) Err() error {
	if r.err == nil {
		return errStopped
	}
	return r.err
}

type config struct{ prefix string }

// A watch loop reloads through an exported method that swaps the pointer with no lock; Handle reads it.
type proxy struct{ cfg *config }

func (p *proxy) Reload(text string) error {
	if text == "" {
		return errors.New("empty config")
	}
	p.cfg = &config{prefix: text}
	return nil
}

func (p *proxy) Watch(pushes <-chan string) {
	go func() {
		for text := range pushes {
			_ = p.Reload(text)
		}
	}()
}

func (p *proxy) Handle(path string) string {
	return p.cfg.prefix + path // want `Handle uses p\.cfg with no lock, while the goroutine Watch starts \(line \d+\) writes it through Reload \(called at line \d+\)`
}

// Negative: the loop tells a listener after each reload; a receive there may order its reads.
type notifyingProxy struct {
	cfg      *config
	reloaded chan struct{}
}

func (p *notifyingProxy) Reload(text string) {
	p.cfg = &config{prefix: text}
}

func (p *notifyingProxy) Watch(pushes <-chan string) {
	go func() {
		for text := range pushes {
			p.Reload(text)
			p.reloaded <- struct{}{}
		}
	}()
}

func (p *notifyingProxy) Handle(path string) string {
	return p.cfg.prefix + path
}

// Negative: the reload locks, and so does the reader.
type lockedProxy struct {
	mu  sync.Mutex
	cfg *config
}

func (p *lockedProxy) Reload(text string) {
	p.mu.Lock()
	p.cfg = &config{prefix: text}
	p.mu.Unlock()
}

func (p *lockedProxy) Watch(pushes <-chan string) {
	go func() {
		for text := range pushes {
			p.Reload(text)
		}
	}()
}

func (p *lockedProxy) Handle(path string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cfg.prefix + path
}
