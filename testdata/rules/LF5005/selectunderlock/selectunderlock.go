package selectunderlock

import (
	"context"
	"sync"
)

// Stop selects under the lock on the loop's stop channel and its done channel; the loop takes the lock per request.
type Server struct {
	mu     sync.Mutex
	state  map[string]int
	reqCh  chan string
	stopCh chan struct{}
	doneCh chan struct{}
}

func NewServer() *Server {
	s := &Server{state: map[string]int{}, reqCh: make(chan string), stopCh: make(chan struct{}), doneCh: make(chan struct{})}
	go s.loop()
	return s
}

func (s *Server) loop() {
	defer close(s.doneCh)
	for {
		select {
		case <-s.stopCh:
			return
		case k := <-s.reqCh:
			s.mu.Lock()
			s.state[k]++
			s.mu.Unlock()
		}
	}
}

func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select { // want `Stop selects on s.stopCh and s.doneCh, and only loop can end any of its cases: Stop sends on unbuffered s.stopCh while holding s.mu`
	case s.stopCh <- struct{}{}:
	case <-s.doneCh:
	}
	s.state = nil
}

// The fix: signal the loop before taking the lock. Silent.
type FixedServer struct {
	mu     sync.Mutex
	state  map[string]int
	reqCh  chan string
	stopCh chan struct{}
	doneCh chan struct{}
}

func NewFixedServer() *FixedServer {
	s := &FixedServer{state: map[string]int{}, reqCh: make(chan string), stopCh: make(chan struct{}), doneCh: make(chan struct{})}
	go s.loop()
	return s
}

func (s *FixedServer) loop() {
	defer close(s.doneCh)
	for {
		select {
		case <-s.stopCh:
			return
		case k := <-s.reqCh:
			s.mu.Lock()
			s.state[k]++
			s.mu.Unlock()
		}
	}
}

func (s *FixedServer) Stop() {
	select {
	case s.stopCh <- struct{}{}:
	case <-s.doneCh:
	}
	s.mu.Lock()
	s.state = nil
	s.mu.Unlock()
}

// A case on the caller's context: the caller can always leave. Silent.
type CtxServer struct {
	mu     sync.Mutex
	reqCh  chan string
	stopCh chan struct{}
	n      int
}

func (s *CtxServer) loop() {
	for {
		select {
		case <-s.stopCh:
			return
		case <-s.reqCh:
			s.mu.Lock()
			s.n++
			s.mu.Unlock()
		}
	}
}

func (s *CtxServer) Stop(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.stopCh <- struct{}{}:
	case <-ctx.Done():
	}
}

// The other case is ended by a function that does not need the lock (Kill closes it). Silent.
type KillServer struct {
	mu     sync.Mutex
	reqCh  chan string
	stopCh chan struct{}
	killed chan struct{}
	n      int
}

func (s *KillServer) loop() {
	for {
		select {
		case <-s.stopCh:
			return
		case <-s.reqCh:
			s.mu.Lock()
			s.n++
			s.mu.Unlock()
		}
	}
}

func (s *KillServer) Kill() { close(s.killed) }

func (s *KillServer) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.stopCh <- struct{}{}:
	case <-s.killed:
	}
}

// A default case: the select never waits. Silent.
func (s *Server) TryStop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.stopCh <- struct{}{}:
	default:
	}
}
