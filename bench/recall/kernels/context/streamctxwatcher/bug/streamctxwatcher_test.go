package streamctxwatcher

import (
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var ErrClientConnClosing = errors.New("grpc: the client connection is closing")

type ClientConn struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// transportStream is the HTTP/2 stream underneath a client stream.
type transportStream struct {
	msgs [][]byte
	done chan struct{} // closed when the stream ends (trailers or reset)
}

func (s *transportStream) Done() <-chan struct{} { return s.done }

type clientStream struct {
	cc *ClientConn
	s  *transportStream

	mu       sync.Mutex
	finished bool
	err      error
}

// newClientStream creates a stream and a goroutine that finishes it when the RPC context or
// the ClientConn is done.
func newClientStream(ctx context.Context, cc *ClientConn, msgs [][]byte) *clientStream {
	s := &transportStream{msgs: msgs, done: make(chan struct{})}
	cs := &clientStream{cc: cc, s: s}
	go func() {
		select {
		case <-cc.ctx.Done():
			cs.finish(ErrClientConnClosing)
		case <-ctx.Done():
			cs.finish(ctx.Err())
		}
	}()
	return cs
}

// RecvMsg returns the next message, or io.EOF once the server has closed the stream.
func (cs *clientStream) RecvMsg() ([]byte, error) {
	if len(cs.s.msgs) == 0 {
		cs.finish(io.EOF)
		return nil, io.EOF
	}
	m := cs.s.msgs[0]
	cs.s.msgs = cs.s.msgs[1:]
	return m, nil
}

func (cs *clientStream) finish(err error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.finished {
		return
	}
	cs.finished = true
	cs.err = err
	close(cs.s.done)
}

func TestStreamEndsNormally(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		cc := &ClientConn{}
		cc.ctx, cc.cancel = context.WithCancel(context.Background())
		// A long-lived ClientConn; the caller passes a context that is never cancelled.
		cs := newClientStream(context.Background(), cc, [][]byte{[]byte("a"), []byte("b")})
		for {
			if _, err := cs.RecvMsg(); err == io.EOF {
				break
			}
		}
	})
}
