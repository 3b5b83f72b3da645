package outlives

import (
	"context"
	"sync"
	"time"
)

// Workers range over a jobs channel nobody closes; Shutdown cancels a context they never look at.
type collector struct {
	ctx    context.Context
	cancel context.CancelFunc
	jobs   chan string
	wg     sync.WaitGroup
	done   []string
}

func newCollector(workers int) *collector {
	ctx, cancel := context.WithCancel(context.Background())
	c := &collector{ctx: ctx, cancel: cancel, jobs: make(chan string)}
	for i := 0; i < workers; i++ {
		c.wg.Add(1)
		go c.worker()
	}
	return c
}

func (c *collector) worker() {
	defer c.wg.Done()
	for job := range c.jobs { // want `the goroutine running worker can never leave this loop: it ranges over c.jobs, which nothing in the package closes, and has no return or break, so after Shutdown it stays blocked for ever`
		c.done = append(c.done, job)
	}
}

func (c *collector) Enqueue(job string) bool {
	select {
	case c.jobs <- job:
		return true
	case <-c.ctx.Done():
		return false
	}
}

func (c *collector) Shutdown() { c.cancel() }

// A ticker loop with no case that ends it, in a type with a Close method.
type refresher struct {
	updates chan int
	last    int
}

func newRefresher() *refresher {
	r := &refresher{updates: make(chan int)}
	go r.loop()
	return r
}

func (r *refresher) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for { // want `the goroutine running loop can never leave this loop: it has no return or break`
		select {
		case v := <-r.updates:
			r.last = v
		case <-t.C:
			r.last++
		}
	}
}

func (r *refresher) Close() error { return nil }

// The fixes, and loops that do end: all silent.

// Shutdown closes the channel the workers range over.
type closingPool struct {
	jobs chan string
	mu   sync.Mutex
	n    int
}

func newClosingPool() *closingPool {
	p := &closingPool{jobs: make(chan string)}
	go p.worker()
	return p
}

func (p *closingPool) worker() {
	for range p.jobs {
		p.mu.Lock()
		p.n++
		p.mu.Unlock()
	}
}

func (p *closingPool) Shutdown() { close(p.jobs) }

// The loop selects on the context Stop cancels.
type ctxLoop struct {
	ctx    context.Context
	cancel context.CancelFunc
	in     chan int
	sum    int
}

func newCtxLoop() *ctxLoop {
	ctx, cancel := context.WithCancel(context.Background())
	l := &ctxLoop{ctx: ctx, cancel: cancel, in: make(chan int)}
	go l.run()
	return l
}

func (l *ctxLoop) run() {
	for {
		select {
		case v := <-l.in:
			l.sum += v
		case <-l.ctx.Done():
			return
		}
	}
}

func (l *ctxLoop) Stop() { l.cancel() }

// No stop method: a process-lifetime worker is not this rule's concern.
type forever struct{ in chan int }

func newForever() *forever {
	f := &forever{in: make(chan int)}
	go f.run()
	return f
}

func (f *forever) run() {
	for v := range f.in {
		_ = v
	}
}

// The channel is handed to the caller, who may close it.
type handedOut struct{ events chan string }

func newHandedOut() *handedOut {
	h := &handedOut{events: make(chan string)}
	go h.consume()
	return h
}

func (h *handedOut) Events() chan<- string { return h.events }

func (h *handedOut) consume() {
	for range h.events {
	}
}

func (h *handedOut) Close() {}

// An exported channel field: code outside the package may close it.
type exported struct{ In chan int }

func newExported() *exported {
	e := &exported{In: make(chan int)}
	go e.run()
	return e
}

func (e *exported) run() {
	for range e.In {
	}
}

func (e *exported) Stop() {}

// The channel comes from another owner's Subscribe, which closes it on Unsubscribe. Silent.
type reaper struct{ subs []chan int }

func (r *reaper) Subscribe() chan int {
	c := make(chan int, 8)
	r.subs = append(r.subs, c)
	return c
}

var defaultReaper = &reaper{}

type service struct{ ec chan int }

func newService() *service {
	s := &service{ec: defaultReaper.Subscribe()}
	go s.processExits()
	return s
}

func (s *service) processExits() {
	for e := range s.ec {
		_ = e
	}
}

func (s *service) Shutdown() {}

// The loop leaves with a goto when Shutdown closes the queue. Silent.
type sink struct{ queue chan string }

func newSink() *sink {
	s := &sink{queue: make(chan string, 64)}
	go s.flush()
	return s
}

func (s *sink) flush() {
	for {
		select {
		case m, ok := <-s.queue:
			if !ok {
				goto QUIT
			}
			_ = m
		}
	}
QUIT:
	s.queue = nil
}

func (s *sink) Shutdown() { close(s.queue) }
