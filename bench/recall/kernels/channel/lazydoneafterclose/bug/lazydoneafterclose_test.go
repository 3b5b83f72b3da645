package lazydoneafterclose

import (
	"log"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type session struct {
	id     int
	peer   string
	closed bool
}

func (s *session) Close() { s.closed = true }

// Server tracks peer sessions; Done reports its shutdown to the components that hang off it.
type Server struct {
	mu       sync.Mutex
	sessions map[int]*session
	nextID   int
	closed   bool
	done     chan struct{} // made on first use by Done
	logf     func(format string, args ...interface{})
}

func NewServer() *Server {
	return &Server{sessions: make(map[int]*session), logf: log.Printf}
}

func (s *Server) Accept(peer string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, false
	}
	s.nextID++
	s.sessions[s.nextID] = &session{id: s.nextID, peer: peer}
	return s.nextID, true
}

// Done returns a channel that is closed once the server has shut down.
func (s *Server) Done() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done == nil {
		s.done = make(chan struct{})
	}
	return s.done
}

func (s *Server) Shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	for id, sess := range s.sessions {
		sess.Close()
		delete(s.sessions, id)
	}
	if s.done != nil {
		close(s.done)
	}
	s.logf("server shut down")
}

// StatsReporter flushes the server's counters when it shuts down.
type StatsReporter struct {
	srv     *Server
	flushed chan struct{}
	flush   func()
}

func StartStatsReporter(srv *Server, flush func()) *StatsReporter {
	r := &StatsReporter{srv: srv, flushed: make(chan struct{}), flush: flush}
	go r.run()
	return r
}

func (r *StatsReporter) run() {
	defer close(r.flushed)
	<-r.srv.Done()
	r.flush()
}

// Wait returns once the final flush is done.
func (r *StatsReporter) Wait() { <-r.flushed }

func TestReporterAfterShutdown(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		srv := NewServer()
		srv.logf = t.Logf
		srv.Accept("10.0.0.2:7946")
		// A failed start shuts the server down before the reporter is attached.
		srv.Shutdown()
		r := StartStatsReporter(srv, func() {})
		r.Wait()
	})
}
