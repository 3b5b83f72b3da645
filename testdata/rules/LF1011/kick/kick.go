package kick

import (
	"context"
	"sync"
)

type stopper struct{ wg sync.WaitGroup }

func (s *stopper) RunWorker(ctx context.Context, f func(context.Context)) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f(ctx)
	}()
}

// A compactor kicks its worker to compact at start-up, but the kick comes before the worker exists.
type compactor struct {
	ch chan struct{}
	n  int
}

func newCompactor() *compactor { return &compactor{ch: make(chan struct{})} }

func (c *compactor) Start(ctx context.Context, s *stopper) {
	c.ch <- struct{}{} // want `this send on the unbuffered c\.ch comes before the only code that receives from it exists`
	s.RunWorker(ctx, func(ctx context.Context) {
		for {
			select {
			case <-c.ch:
				c.n++
			case <-ctx.Done():
				return
			}
		}
	})
}

// A local result channel sent on before its reader goroutine starts.
func Handshake() int {
	ready := make(chan int)
	ready <- 1 // want `this send on the unbuffered ready comes before the only code that receives`
	go func() {
		<-ready
	}()
	return 0
}

// Negative: the fix starts the worker first.
type fixedCompactor struct{ ch chan struct{} }

func newFixedCompactor() *fixedCompactor { return &fixedCompactor{ch: make(chan struct{})} }

func (c *fixedCompactor) Start(ctx context.Context, s *stopper) {
	s.RunWorker(ctx, func(ctx context.Context) {
		for {
			select {
			case <-c.ch:
			case <-ctx.Done():
				return
			}
		}
	})
	c.ch <- struct{}{}
}

// Negative: a buffered kick channel holds the first signal.
type bufferedCompactor struct{ ch chan struct{} }

func newBufferedCompactor() *bufferedCompactor { return &bufferedCompactor{ch: make(chan struct{}, 1)} }

func (c *bufferedCompactor) Start(ctx context.Context, s *stopper) {
	c.ch <- struct{}{}
	s.RunWorker(ctx, func(ctx context.Context) {
		<-c.ch
	})
}

// Negative: another method also receives (a run loop started elsewhere).
type relay struct{ in chan int }

func newRelay() *relay { return &relay{in: make(chan int)} }

func (r *relay) loop() {
	for v := range r.in {
		_ = v
	}
}

func (r *relay) Send(v int) {
	r.in <- v
	go func() { <-r.in }()
}

// Negative: the send is conditional: an earlier call may have started the receiver.
type restarter struct {
	ch      chan int
	started bool
}

func newRestarter() *restarter { return &restarter{ch: make(chan int)} }

func (r *restarter) Start(v int) {
	if r.started {
		r.ch <- v
		return
	}
	r.started = true
	go func() {
		for v := range r.ch {
			_ = v
		}
	}()
}

// Negative: the local channel is handed to a function that may receive.
func Pass(f func(chan int)) {
	ch := make(chan int)
	go f(ch)
	ch <- 1
	go func() { <-ch }()
}

// Negative: the receiver literal is started before the send.
func InOrder() {
	done := make(chan struct{})
	go func() { <-done }()
	done <- struct{}{}
}
