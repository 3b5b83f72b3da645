package cancelfield

import (
	"context"
	"sync"
	"time"
)

// A cwPoller whose loop ends only when its context is cancelled.
type cwPoller struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	done   chan struct{}
	polls  int
}

func (p *cwPoller) loop(ctx context.Context) {
	defer p.wg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			p.polls++
		}
	}
}

func (p *cwPoller) Start(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	p.cancel = cancel
	p.wg.Add(1)
	go p.loop(ctx)
}

// Stop waits for the loop before it cancels the context the loop waits for.
func (p *cwPoller) Stop() {
	p.wg.Wait() // want `Stop waits for loop \(p.wg.Wait\) before it cancels its context \(p.cancel\), but loop ends only when that context is cancelled`
	p.cancel()
}

// The same with a done channel the loop closes.
type cwWatcher struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func (w *cwWatcher) run(ctx context.Context) {
	defer close(w.done)
	<-ctx.Done()
}

func (w *cwWatcher) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.done = make(chan struct{})
	go w.run(ctx)
}

func (w *cwWatcher) Close() {
	<-w.done // want `Close waits for run \(<-w.done\) before it cancels its context \(w.cancel\)`
	if w.cancel != nil {
		w.cancel()
	}
}

// Local: a root-derived context whose cancel is only deferred, and a Wait for the goroutine that needs it.
func cwHeartbeatUntilDone(beat func()) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
				beat()
			}
		}
	}()
	wg.Wait() // want `this waits for the goroutine started at line 75, which ends only when ctx is cancelled, but cancel runs only after the wait`
}

// Fixed: cancel, then wait. Silent.
type cwFixedPoller struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func (p *cwFixedPoller) loop(ctx context.Context) {
	defer p.wg.Done()
	<-ctx.Done()
}

func (p *cwFixedPoller) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.wg.Add(1)
	go p.loop(ctx)
}

func (p *cwFixedPoller) Stop() {
	p.cancel()
	p.wg.Wait()
}

// Another method cancels (Close), Shutdown only waits after it. Silent.
type cwTwoStep struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func (t *cwTwoStep) loop(ctx context.Context) {
	defer t.wg.Done()
	<-ctx.Done()
}

func (t *cwTwoStep) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	t.wg.Add(1)
	go t.loop(ctx)
}

func (t *cwTwoStep) Close() { t.cancel() }

func (t *cwTwoStep) Shutdown() {
	t.wg.Wait()
	t.cancel()
}

// A loop that also ends by itself (ten rounds): the wait returns. Silent.
type cwBounded struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func (b *cwBounded) loop(ctx context.Context) {
	defer b.wg.Done()
	for i := 0; i < 10; i++ {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Millisecond):
		}
	}
}

func (b *cwBounded) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	b.wg.Add(1)
	go b.loop(ctx)
}

func (b *cwBounded) Stop() {
	b.wg.Wait()
	b.cancel()
}

// Local, run until the caller's context ends: the parent is the caller's. Silent.
func cwRunUntil(parent context.Context, beat func()) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-ctx.Done()
		beat()
	}()
	wg.Wait()
}

// Local: the goroutine is handed the cancel and calls it on failure. Silent.
func cwUntilFailure(step func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
	}()
	go func() {
		for step() == nil {
		}
		cancel()
	}()
	<-done
}
