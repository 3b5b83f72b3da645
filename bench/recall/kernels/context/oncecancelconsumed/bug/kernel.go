package oncecancelconsumed

import (
	"context"
	"errors"
	"sync"
)

var errStreamClosed = errors.New("stream closed")

// Transport writes frames to the connection.
type Transport interface {
	Write(frame []byte) error
}

// Stream is one client stream: a receive loop delivers incoming messages until the stream's
// context ends.
type Stream struct {
	ctx    context.Context
	cancel context.CancelFunc
	t      Transport
	in     <-chan []byte

	once     sync.Once
	err      error
	recvDone chan struct{}

	mu   sync.Mutex
	msgs [][]byte
}

func NewStream(parent context.Context, t Transport, in <-chan []byte) *Stream {
	ctx, cancel := context.WithCancel(parent)
	s := &Stream{ctx: ctx, cancel: cancel, t: t, in: in, recvDone: make(chan struct{})}
	go s.recvLoop()
	return s
}

func (s *Stream) recvLoop() {
	defer close(s.recvDone)
	for {
		select {
		case m := <-s.in:
			s.mu.Lock()
			s.msgs = append(s.msgs, m)
			s.mu.Unlock()
		case <-s.ctx.Done():
			return
		}
	}
}

// finish runs the first terminal transition of the stream.
func (s *Stream) finish(f func()) { s.once.Do(f) }

func (s *Stream) fail(err error) {
	s.finish(func() { s.err = err })
}

func (s *Stream) Send(msg []byte) error {
	if err := s.t.Write(msg); err != nil {
		s.fail(err)
		return err
	}
	return nil
}

// Close ends the stream and waits for its receive loop.
func (s *Stream) Close() error {
	s.finish(func() {
		s.err = errStreamClosed
		s.cancel()
	})
	<-s.recvDone
	return s.err
}
