package onceconsumed

import (
	"context"
	"errors"
	"sync"
)

var errClosed = errors.New("closed")

// A stream whose terminal paths share one Once, and only Close's function cancels the receive loop's context.
type Stream struct {
	ctx    context.Context
	cancel context.CancelFunc
	in     chan []byte
	once   sync.Once
	err    error
	done   chan struct{}
}

func NewStream(parent context.Context) *Stream {
	ctx, cancel := context.WithCancel(parent)
	s := &Stream{ctx: ctx, cancel: cancel, in: make(chan []byte), done: make(chan struct{})}
	go s.recvLoop()
	return s
}

func (s *Stream) recvLoop() {
	defer close(s.done)
	for {
		select {
		case <-s.in:
		case <-s.ctx.Done():
			return
		}
	}
}

func (s *Stream) finish(f func()) { s.once.Do(f) }

func (s *Stream) fail(err error) { s.finish(func() { s.err = err }) }

func (s *Stream) Close() error {
	s.finish(func() {
		s.err = errClosed
		s.cancel() // want `s.cancel is called only inside the function Close hands to a sync.Once \(Stream.once\), but fail hands the same Once a function that does not call it \(line 41\)`
	})
	<-s.done
	return s.err
}

// A watcher started by a method, its stop through a method value handed to the Once, its failure through a literal.
type watcher struct {
	cancel   context.CancelFunc
	stopOnce sync.Once
	failed   bool
}

func (w *watcher) Start(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	w.cancel = cancel
	go w.run(ctx)
}

func (w *watcher) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		}
	}
}

func (w *watcher) shutdown() {
	w.cancel() // want `w.cancel is called only inside the function Stop hands to a sync.Once \(watcher.stopOnce\), but Fail hands the same Once`
}

func (w *watcher) Stop() { w.stopOnce.Do(w.shutdown) }

func (w *watcher) Fail() { w.stopOnce.Do(func() { w.failed = true }) }
