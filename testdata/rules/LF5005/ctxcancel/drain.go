package ctxcancel

import (
	"context"
	"errors"
	"sync"
)

var errClosed = errors.New("closed")

// A graceful drain: the "drained" event is a context that release cancels when the last request ends, and release
// takes the lock Drain holds while it waits on that context's Done.
type server struct {
	mu       sync.Mutex
	active   int
	draining bool
	drained  context.Context
	signal   context.CancelFunc
}

func newServer() *server {
	ctx, cancel := context.WithCancel(context.Background())
	return &server{drained: ctx, signal: cancel}
}

func (s *server) acquire() (func(), error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.draining {
		return nil, errClosed
	}
	s.active++
	return s.release, nil
}

func (s *server) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active--
	if s.draining && s.active == 0 {
		s.signal()
	}
}

func (s *server) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.draining = true
	if s.active == 0 {
		s.signal()
	}
	<-s.drained.Done() // want `Drain waits on s.drained.Done\(\) while holding s.mu \(locked at line 46\), but release, which cancels that context \(it calls the signal it is kept with\), locks server.mu before it does`
}

// The pair stored straight into the fields; Close cancels under the lock, Wait waits under it in a callee.
type session struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
	open   bool
}

func (s *session) start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.open = true
}

func (s *session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
	s.open = false
}

func (s *session) awaitClosed() {
	<-s.ctx.Done()
}

func (s *session) Wait() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.awaitClosed() // want `Wait waits on s.ctx.Done\(\) \(in awaitClosed, line 80\) while holding s.mu`
}

// Fixed: Drain unlocks before it waits. Silent.
type fixedServer struct {
	mu      sync.Mutex
	active  int
	drained context.Context
	signal  context.CancelFunc
}

func newFixedServer() *fixedServer {
	ctx, cancel := context.WithCancel(context.Background())
	return &fixedServer{drained: ctx, signal: cancel}
}

func (s *fixedServer) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active--
	if s.active == 0 {
		s.signal()
	}
}

func (s *fixedServer) Drain() {
	s.mu.Lock()
	if s.active == 0 {
		s.signal()
	}
	s.mu.Unlock()
	<-s.drained.Done()
}

// The cancel is called under no lock. Silent.
type unlockedCancel struct {
	mu      sync.Mutex
	drained context.Context
	signal  context.CancelFunc
}

func newUnlockedCancel() *unlockedCancel {
	ctx, cancel := context.WithCancel(context.Background())
	return &unlockedCancel{drained: ctx, signal: cancel}
}

func (u *unlockedCancel) finish() { u.signal() }

func (u *unlockedCancel) Drain() {
	u.mu.Lock()
	defer u.mu.Unlock()
	<-u.drained.Done()
}

// The cancel is called under a different lock. Silent.
type otherLock struct {
	mu      sync.Mutex
	stateMu sync.Mutex
	drained context.Context
	signal  context.CancelFunc
}

func newOtherLock() *otherLock {
	ctx, cancel := context.WithCancel(context.Background())
	return &otherLock{drained: ctx, signal: cancel}
}

func (o *otherLock) finish() {
	o.stateMu.Lock()
	defer o.stateMu.Unlock()
	o.signal()
}

func (o *otherLock) Drain() {
	o.mu.Lock()
	defer o.mu.Unlock()
	<-o.drained.Done()
}

// The parent is the caller's: it may end the wait. Silent.
type parented struct {
	mu      sync.Mutex
	drained context.Context
	signal  context.CancelFunc
}

func NewParented(parent context.Context) *parented {
	ctx, cancel := context.WithCancel(parent)
	return &parented{drained: ctx, signal: cancel}
}

func (p *parented) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.signal()
}

func (p *parented) Drain() {
	p.mu.Lock()
	defer p.mu.Unlock()
	<-p.drained.Done()
}

// The cancel is handed out: whoever holds it may call it without the lock. Silent.
type handedOut struct {
	mu      sync.Mutex
	drained context.Context
	signal  context.CancelFunc
}

func newHandedOut() *handedOut {
	ctx, cancel := context.WithCancel(context.Background())
	return &handedOut{drained: ctx, signal: cancel}
}

func (h *handedOut) Canceller() context.CancelFunc { return h.signal }

func (h *handedOut) finish() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.signal()
}

func (h *handedOut) Drain() {
	h.mu.Lock()
	defer h.mu.Unlock()
	<-h.drained.Done()
}

// A deadline ends the context by itself. Silent.
type timed struct {
	mu      sync.Mutex
	drained context.Context
	signal  context.CancelFunc
}

func newTimed() *timed {
	ctx, cancel := context.WithTimeout(context.Background(), 1)
	return &timed{drained: ctx, signal: cancel}
}

func (t *timed) finish() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.signal()
}

func (t *timed) Drain() {
	t.mu.Lock()
	defer t.mu.Unlock()
	<-t.drained.Done()
}

// The local cancel is also deferred by the constructor's goroutine. Silent.
type alsoLocal struct {
	mu      sync.Mutex
	drained context.Context
	signal  context.CancelFunc
}

func newAlsoLocal(work func()) *alsoLocal {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		defer cancel()
		work()
	}()
	return &alsoLocal{drained: ctx, signal: cancel}
}

func (a *alsoLocal) finish() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.signal()
}

func (a *alsoLocal) Drain() {
	a.mu.Lock()
	defer a.mu.Unlock()
	<-a.drained.Done()
}
