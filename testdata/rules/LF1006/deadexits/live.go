package deadexits

import (
	"context"
	"errors"
)

// Loops with an exit that can be taken. Silent.

// The context comes from the caller of an exported constructor.
type Watcher struct {
	events chan string
	ctx    context.Context
}

func NewWatcher(ctx context.Context) *Watcher {
	w := &Watcher{events: make(chan string), ctx: ctx}
	go w.run()
	return w
}

func (w *Watcher) run() {
	for {
		select {
		case <-w.ctx.Done():
			return
		case e := <-w.events:
			_ = e
		}
	}
}

func (w *Watcher) Close() {}

// Stop closes quit.
type Pump struct {
	in   chan int
	quit chan struct{}
}

func NewPump() *Pump {
	p := &Pump{in: make(chan int), quit: make(chan struct{})}
	go p.run()
	return p
}

func (p *Pump) run() {
	for {
		select {
		case v := <-p.in:
			_ = v
		case <-p.quit:
			return
		}
	}
}

func (p *Pump) Stop() { close(p.quit) }

// quit is handed out: its holder may close it.
type Relay struct {
	in   chan int
	quit chan struct{}
}

func NewRelay() *Relay {
	r := &Relay{in: make(chan int), quit: make(chan struct{})}
	go r.run()
	return r
}

func (r *Relay) QuitChan() chan struct{} { return r.quit }

func (r *Relay) run() {
	for {
		select {
		case v := <-r.in:
			_ = v
		case <-r.quit:
			return
		}
	}
}

func (r *Relay) Close() {}

// A second exit on an error return.
type Sink struct {
	in   chan int
	quit chan struct{}
}

var errNegative = errors.New("negative")

func NewSink() *Sink {
	s := &Sink{in: make(chan int), quit: make(chan struct{})}
	go s.run()
	return s
}

func (s *Sink) run() error {
	for {
		select {
		case v := <-s.in:
			if v < 0 {
				return errNegative
			}
		case <-s.quit:
			return nil
		}
	}
}

func (s *Sink) Put(v int) { s.in <- v }

func (s *Sink) Close() {}

// The overridden Done's stop channel is closed by Shutdown.
type stopContext struct {
	context.Context
	stop <-chan struct{}
}

func (c stopContext) Done() <-chan struct{} { return c.stop }

type Controller struct {
	queue  chan string
	stopCh chan struct{}
	ctx    context.Context
}

func NewController(parent context.Context) *Controller {
	c := &Controller{queue: make(chan string), stopCh: make(chan struct{})}
	c.ctx = stopContext{Context: parent, stop: c.stopCh}
	go c.run()
	return c
}

func (c *Controller) run() {
	for {
		select {
		case <-c.ctx.Done():
			return
		case k := <-c.queue:
			_ = k
		}
	}
}

func (c *Controller) Shutdown() { close(c.stopCh) }

// A context.TODO() loop whose type has no method to stop it: LF1006 asks for one.
type Ticker struct{ c chan int }

func NewTicker() *Ticker {
	t := &Ticker{c: make(chan int)}
	go t.run(context.TODO())
	return t
}

func (t *Ticker) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case v := <-t.c:
			_ = v
		}
	}
}
