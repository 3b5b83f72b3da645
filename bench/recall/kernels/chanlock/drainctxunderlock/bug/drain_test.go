package drainctxunderlock

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var ErrDraining = errors.New("server is draining")

// Server counts in-flight requests; Drain returns once the last one has finished. The "drained"
// event is a context that release cancels when the count drops to zero.
type Server struct {
	mu       sync.Mutex
	active   int
	draining bool
	drained  context.Context
	signal   context.CancelFunc
}

func NewServer() *Server {
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{drained: ctx, signal: cancel}
}

// Acquire admits a request; the caller must call the returned release when the request is done.
func (s *Server) Acquire() (release func(), err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.draining {
		return nil, ErrDraining
	}
	s.active++
	return s.release, nil
}

func (s *Server) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active--
	if s.draining && s.active == 0 {
		s.signal()
	}
}

// Drain stops admitting requests and waits for the in-flight ones.
func (s *Server) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.draining = true
	if s.active == 0 {
		s.signal()
	}
	<-s.drained.Done()
}

func TestDrainWaitsForInflight(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewServer()
		release, err := s.Acquire()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			time.Sleep(30 * time.Millisecond) // the request finishes while Drain waits
			release()
		}()
		s.Drain()
		if _, err := s.Acquire(); !errors.Is(err, ErrDraining) {
			t.Errorf("Acquire after Drain = %v", err)
		}
	})
}
