package onceconsumed

import (
	"context"
	"sync"
)

// The fix: cancel outside the Once, whichever path used it.
type Stream2 struct {
	ctx    context.Context
	cancel context.CancelFunc
	once   sync.Once
	err    error
}

func NewStream2(parent context.Context) *Stream2 {
	ctx, cancel := context.WithCancel(parent)
	s := &Stream2{ctx: ctx, cancel: cancel}
	go s.loop()
	return s
}

func (s *Stream2) loop() {
	for {
		select {
		case <-s.ctx.Done():
			return
		}
	}
}

func (s *Stream2) finish(f func()) { s.once.Do(f) }

func (s *Stream2) fail(err error) { s.finish(func() { s.err = err }) }

func (s *Stream2) Close() {
	s.finish(func() { s.err = errClosed })
	s.cancel()
}

// Every function handed to the Once cancels.
type conn struct {
	cancel    context.CancelFunc
	closeOnce sync.Once
	err       error
}

func newConn(parent context.Context) *conn {
	ctx, cancel := context.WithCancel(parent)
	c := &conn{cancel: cancel}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			}
		}
	}()
	return c
}

func (c *conn) Close() { c.closeOnce.Do(func() { c.cancel() }) }

func (c *conn) abort(err error) {
	c.closeOnce.Do(func() {
		c.err = err
		c.cancel()
	})
}

// The other function calls a helper of the package that cancels.
type pump struct {
	cancel context.CancelFunc
	once   sync.Once
}

func (p *pump) Start(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	p.cancel = cancel
	go p.run(ctx)
}

func (p *pump) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		}
	}
}

func (p *pump) Stop()     { p.once.Do(func() { p.cancel() }) }
func (p *pump) Abort()    { p.once.Do(func() { p.teardown() }) }
func (p *pump) teardown() { p.cancel() }

// A method handed by name to the Once and called directly too: it cancels outside the Once as well.
type loop struct {
	cancel context.CancelFunc
	once   sync.Once
	dead   bool
}

func (l *loop) Start(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	l.cancel = cancel
	go l.run(ctx)
}

func (l *loop) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		}
	}
}

func (l *loop) stop()  { l.cancel() }
func (l *loop) Stop()  { l.once.Do(l.stop) }
func (l *loop) Kill()  { l.once.Do(func() { l.dead = true }); l.stop() }
