package cancelfield

import (
	"context"
	"sync"
	"time"
)

type leaseLock interface {
	tryAcquire(holder string) bool
}

// A leader elector whose Stop only cancels the renew loop of a leader: a follower's loop runs for ever.
type elector struct {
	mu       sync.Mutex
	identity string
	lock     leaseLock
	leader   bool
	cancel   context.CancelFunc
	period   time.Duration
}

func (e *elector) Run() {
	ctx, cancel := context.WithCancel(context.Background())
	e.mu.Lock()
	e.cancel = cancel
	e.mu.Unlock()
	go e.renewLoop(ctx)
}

func (e *elector) renewLoop(ctx context.Context) {
	t := time.NewTicker(e.period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			ok := e.lock.tryAcquire(e.identity)
			e.mu.Lock()
			e.leader = ok
			e.mu.Unlock()
		}
	}
}

func (e *elector) Stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.leader {
		return // want `Stop returns here without calling e.cancel when !e.leader, and renewLoop, started by Run with that context, ends only when it is cancelled`
	}
	e.leader = false
	e.cancel()
}

// The fix: cancel on every path, step down only when leading.
type fixedElector struct {
	mu       sync.Mutex
	identity string
	lock     leaseLock
	leader   bool
	cancel   context.CancelFunc
	period   time.Duration
}

func (e *fixedElector) Run() {
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	go e.renewLoop(ctx)
}

func (e *fixedElector) renewLoop(ctx context.Context) {
	t := time.NewTicker(e.period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			ok := e.lock.tryAcquire(e.identity)
			e.mu.Lock()
			e.leader = ok
			e.mu.Unlock()
		}
	}
}

func (e *fixedElector) Stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.cancel()
	if !e.leader {
		return
	}
	e.leader = false
}

// An idempotency guard the starter maintains: the second Stop has nothing to cancel.
type poller struct {
	mu      sync.Mutex
	running bool
	cancel  context.CancelFunc
}

func (p *poller) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	p.running = true
	p.cancel = cancel
	go p.poll(ctx)
}

func (p *poller) poll(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

func (p *poller) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.running {
		return
	}
	p.running = false
	p.cancel()
}

// A closed flag only Close sets: the idiom for a Close that may be called twice.
type watcher struct {
	mu     sync.Mutex
	closed bool
	cancel context.CancelFunc
}

func (w *watcher) Watch() {
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}()
}

func (w *watcher) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.closed = true
	w.cancel()
}

// A guard on the cancel itself.
type refresher struct {
	ready  bool
	cancel context.CancelFunc
}

func (r *refresher) Start() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	r.cancel = cancel
	go r.loop(ctx)
}

func (r *refresher) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
			r.ready = true
		}
	}
}

func (r *refresher) Stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
}

// A goroutine with an exit of its own (an error return) may end by itself: not followed.
type syncer struct {
	healthy bool
	cancel  context.CancelFunc
}

func (s *syncer) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go s.run(ctx)
}

func (s *syncer) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
			if err := s.step(); err != nil {
				return
			}
			s.healthy = true
		}
	}
}

func (s *syncer) step() error { return nil }

func (s *syncer) Stop() {
	if !s.healthy {
		return
	}
	s.cancel()
}
