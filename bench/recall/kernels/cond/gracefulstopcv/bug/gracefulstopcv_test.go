package gracefulstopcv

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// ServerTransport is the server side of one HTTP/2 connection.
type ServerTransport interface {
	HandleStreams(handle func(method string))
	// Drain sends GOAWAY: in-flight streams finish, no new ones are accepted.
	Drain()
	Close() error
}

type Server struct {
	mu    sync.Mutex // guards following
	conns map[ServerTransport]bool
	drain bool
	// cv is signaled when conns is updated.
	cv *sync.Cond
}

func NewServer() *Server {
	s := &Server{conns: make(map[ServerTransport]bool)}
	s.cv = sync.NewCond(&s.mu)
	return s
}

func (s *Server) addConn(st ServerTransport) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conns == nil {
		st.Close()
		return false
	}
	if s.drain {
		// Transport added after we drained our existing conns: drain it immediately.
		st.Drain()
	}
	s.conns[st] = true
	return true
}

func (s *Server) removeConn(st ServerTransport) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conns != nil {
		delete(s.conns, st)
	}
}

// serveStreams runs on the connection's goroutine until the transport is done.
func (s *Server) serveStreams(st ServerTransport) {
	defer st.Close()
	var wg sync.WaitGroup
	st.HandleStreams(func(method string) {
		wg.Add(1)
		go func() { defer wg.Done(); _ = method }()
	})
	wg.Wait()
	s.removeConn(st)
}

// GracefulStop stops the server from accepting new connections and RPCs and blocks until all the
// pending RPCs are finished.
func (s *Server) GracefulStop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conns == nil {
		return
	}
	if !s.drain {
		for st := range s.conns {
			st.Drain()
		}
		s.drain = true
	}
	for len(s.conns) != 0 {
		s.cv.Wait()
	}
	s.conns = nil
}

type http2Server struct {
	drained chan struct{}
	once    sync.Once
}

func (t *http2Server) HandleStreams(handle func(string)) {
	handle("/helloworld.Greeter/SayHello")
	<-t.drained
	time.Sleep(20 * time.Millisecond) // the last in-flight RPC completes after GOAWAY
}
func (t *http2Server) Drain()       { t.once.Do(func() { close(t.drained) }) }
func (t *http2Server) Close() error { return nil }

func TestGracefulStopWaitsForConns(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewServer()
		st := &http2Server{drained: make(chan struct{})}
		if s.addConn(st) {
			go s.serveStreams(st)
		}
		time.Sleep(10 * time.Millisecond)
		s.GracefulStop()
	})
}
