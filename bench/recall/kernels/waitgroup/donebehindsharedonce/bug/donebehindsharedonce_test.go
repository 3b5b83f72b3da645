package donebehindsharedonce

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type listener struct {
	addr  string
	bound bool
}

func (l *listener) bind() error {
	l.bound = true
	return nil
}

type Server struct {
	listeners []*listener
	ready     sync.WaitGroup
	readyOnce sync.Once
	stop      chan struct{}
	done      sync.WaitGroup
}

func NewServer() *Server { return &Server{stop: make(chan struct{})} }

// markReady reports a listener as serving; it may be called again after a rebind.
func (s *Server) markReady(l *listener) { s.readyOnce.Do(s.ready.Done) }

func (s *Server) Start(addrs []string) {
	for _, a := range addrs {
		l := &listener{addr: a}
		s.listeners = append(s.listeners, l)
		s.ready.Add(1)
		s.done.Add(1)
		go s.serve(l)
	}
}

func (s *Server) serve(l *listener) {
	defer s.done.Done()
	if err := l.bind(); err != nil {
		return
	}
	s.markReady(l)
	<-s.stop
}

// WaitReady returns once every listener is serving.
func (s *Server) WaitReady() { s.ready.Wait() }

func (s *Server) Stop() {
	close(s.stop)
	s.done.Wait()
}

func TestStartThreeListeners(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewServer()
		s.Start([]string{":26257", ":8080", "/tmp/cockroach.sock"})
		s.WaitReady()
		s.Stop()
	})
}
