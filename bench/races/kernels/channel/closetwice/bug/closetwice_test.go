package closetwice

import (
	"errors"
	"testing"
)

var errEmptyFrame = errors.New("empty frame")

// stream copies frames from a container's output until the frames stop or Close is called, as an
// attach stream does; done tells the reader the stream has ended.
type stream struct {
	in   chan []byte
	out  chan []byte
	done chan struct{}
	err  error
}

func newStream() *stream {
	return &stream{in: make(chan []byte), out: make(chan []byte, 16), done: make(chan struct{})}
}

func (s *stream) run() {
	for b := range s.in {
		if len(b) == 0 {
			s.err = errEmptyFrame
			close(s.done)
			return
		}
		s.out <- b
	}
}

// Close ends the stream.
func (s *stream) Close() {
	close(s.done)
}

func TestCloseAfterError(t *testing.T) {
	s := newStream()
	go s.run()
	s.in <- []byte("hello")
	s.in <- nil
	<-s.done
	if s.err != errEmptyFrame {
		t.Fatalf("err = %v", s.err)
	}
	s.Close()
}
