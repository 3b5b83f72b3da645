package deadexits

import (
	"context"
	"time"
)

// Loops whose every exit waits on something that never comes.

// The constructor hands the loop context.TODO(): its Done is nil, the case is never taken.
type Poller struct {
	ticks chan time.Time
	stats map[string]int
}

func NewPoller() *Poller {
	p := &Poller{ticks: make(chan time.Time), stats: map[string]int{}}
	go p.loop(context.TODO())
	return p
}

func (p *Poller) loop(ctx context.Context) {
	for { // want `the goroutine running loop can never leave this loop: it leaves only on ctx.Done\(\) \(line 25\), which is never done: ctx is context.TODO\(\) at line 18, so after Close it stays blocked for ever`
		select {
		case <-ctx.Done():
			return
		case t := <-p.ticks:
			p.stats[t.Format("15")]++
		}
	}
}

func (p *Poller) Tick(t time.Time) { p.ticks <- t }

func (p *Poller) Close() { p.stats = nil }

// The loop leaves on quit, but nothing closes quit or sends on it: Stop only sets a flag.
type Flusher struct {
	in      chan []byte
	quit    chan struct{}
	stopped bool
}

func NewFlusher() *Flusher {
	f := &Flusher{in: make(chan []byte), quit: make(chan struct{})}
	go f.run()
	return f
}

func (f *Flusher) run() {
	for { // want `the goroutine running run can never leave this loop: it leaves only on a receive from f.quit, which nothing in the package closes or sends on, so after Stop`
		select {
		case b := <-f.in:
			_ = b
		case <-f.quit:
			return
		}
	}
}

func (f *Flusher) Write(b []byte) { f.in <- b }

func (f *Flusher) Stop() { f.stopped = true }

// A context whose Done is overridden to return a stop channel that nothing closes: cancelling the embedded context
// does not reach the loop.
type stopCtx struct {
	context.Context
	stopCh <-chan struct{}
}

func (c stopCtx) Done() <-chan struct{} { return c.stopCh }

type Reconciler struct {
	queue  chan string
	stopCh chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
}

func NewReconciler(parent context.Context) *Reconciler {
	r := &Reconciler{queue: make(chan string), stopCh: make(chan struct{})}
	ctx, cancel := context.WithCancel(parent)
	r.cancel = cancel
	r.ctx = stopCtx{Context: ctx, stopCh: r.stopCh}
	go r.run()
	return r
}

func (r *Reconciler) run() {
	for { // want `the goroutine running run can never leave this loop: it leaves only on r.ctx.Done\(\) \(line 93\), which is never done: r.ctx is a stopCtx at line 85, whose Done returns Reconciler.stopCh, which nothing closes or sends on, so after Shutdown`
		select {
		case <-r.ctx.Done():
			return
		case k := <-r.queue:
			_ = k
		}
	}
}

func (r *Reconciler) Enqueue(k string) { r.queue <- k }

func (r *Reconciler) Shutdown() { r.cancel() }
