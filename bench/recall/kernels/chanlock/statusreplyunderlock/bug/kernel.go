package statusreplyunderlock

import (
	"fmt"
	"sync"
	"time"
)

type Status struct {
	ID      uint64
	Term    uint64
	Commit  uint64
	Applied uint64
	Lead    uint64
}

// application is what the node asks about the state machine it drives; the server implements it.
type application interface {
	AppliedIndex() uint64
}

// node runs the consensus state machine on one goroutine; everything else talks to it over channels.
type node struct {
	id      uint64
	app     application
	propc   chan []byte
	statusc chan chan Status
	stopc   chan struct{}
	done    chan struct{}

	term, commit, lead uint64
}

func startNode(id uint64, app application) *node {
	n := &node{
		id: id, app: app,
		propc:   make(chan []byte),
		statusc: make(chan chan Status),
		stopc:   make(chan struct{}),
		done:    make(chan struct{}),
		term:    1, lead: id,
	}
	go n.run()
	return n
}

func (n *node) run() {
	defer close(n.done)
	for {
		select {
		case data := <-n.propc:
			n.commit++
			_ = data
		case c := <-n.statusc:
			c <- n.status()
		case <-n.stopc:
			return
		}
	}
}

func (n *node) status() Status {
	return Status{ID: n.id, Term: n.term, Commit: n.commit, Lead: n.lead, Applied: n.app.AppliedIndex()}
}

// Status asks the run loop for a snapshot of its state.
func (n *node) Status() Status {
	c := make(chan Status)
	select {
	case n.statusc <- c:
		return <-c
	case <-n.done:
		return Status{}
	}
}

func (n *node) Propose(data []byte) {
	select {
	case n.propc <- data:
	case <-n.done:
	}
}

func (n *node) Stop() {
	close(n.stopc)
	<-n.done
}

// Server applies committed entries and reports on the node.
type Server struct {
	mu           sync.Mutex
	appliedIndex uint64
	lastReport   time.Time
	reports      []string
	n            *node
}

func NewServer(id uint64) *Server {
	s := &Server{}
	s.n = startNode(id, s)
	return s
}

func (s *Server) AppliedIndex() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.appliedIndex
}

func (s *Server) apply(index uint64) {
	s.mu.Lock()
	s.appliedIndex = index
	s.mu.Unlock()
}

// Report records a line about the node's progress, at most once per call.
func (s *Server) Report() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.n.Status()
	line := fmt.Sprintf("node %x term %d commit %d applied %d", st.ID, st.Term, st.Commit, st.Applied)
	s.reports = append(s.reports, line)
	s.lastReport = time.Now()
	return line
}

func (s *Server) Stop() { s.n.Stop() }
