package replyexchange

import (
	"sync"
	"time"
)

type status struct {
	term, commit, applied uint64
}

// The application a node asks about its state machine; the server implements it.
type application interface {
	AppliedIndex() uint64
}

// A node whose run loop answers status requests: each request is a reply channel sent over a channel of channels.
type node struct {
	app     application
	statusc chan chan status
	done    chan struct{}
	term    uint64
}

func startNode(app application) *node {
	n := &node{app: app, statusc: make(chan chan status), done: make(chan struct{})}
	go n.run()
	return n
}

func (n *node) run() {
	defer close(n.done)
	for {
		select {
		case c := <-n.statusc:
			c <- n.snapshot()
		case <-time.After(time.Second):
			n.term++
		}
	}
}

func (n *node) snapshot() status { return status{term: n.term, applied: n.app.AppliedIndex()} }

// Status asks the loop and waits for its answer.
func (n *node) Status() status {
	c := make(chan status)
	select {
	case n.statusc <- c:
		return <-c
	case <-n.done:
		return status{}
	}
}

type server struct {
	mu      sync.Mutex
	applied uint64
	reports []status
	n       *node
}

func newServer() *server {
	s := &server{}
	s.n = startNode(s)
	return s
}

func (s *server) AppliedIndex() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.applied
}

// Report asks the node while it holds s.mu: the loop, to answer, needs s.mu.
func (s *server) Report() {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.n.Status() // want `Report receives from c \(in Status, line 50\) while holding s.mu \(locked at line 77\), but run, which sends on or closes it, locks server.mu before it does \(line 36\)`
	s.reports = append(s.reports, st)
}

// The fix: ask before locking. Silent.
func (s *server) ReportFixed() {
	st := s.n.Status()
	s.mu.Lock()
	s.reports = append(s.reports, st)
	s.mu.Unlock()
}

// A requester that gives up after a while: no wait for ever. Silent.
func (n *node) StatusWithin(d time.Duration) (status, bool) {
	c := make(chan status)
	select {
	case n.statusc <- c:
	case <-n.done:
		return status{}, false
	}
	select {
	case st := <-c:
		return st, true
	case <-time.After(d):
		return status{}, false
	}
}

func (s *server) ReportWithin() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.n.StatusWithin(time.Second); ok {
		s.reports = append(s.reports, st)
	}
}

// A clock whose loop answers from its own state, with no lock of the caller's. Silent.
type clock struct {
	ticks chan chan int64
	now   int64
}

func (c *clock) loop() {
	for r := range c.ticks {
		c.now++
		r <- c.now
	}
}

func (c *clock) Now() int64 {
	r := make(chan int64)
	c.ticks <- r
	return <-r
}

type scheduler struct {
	mu    sync.Mutex
	clock *clock
	last  int64
}

func (s *scheduler) Tick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = s.clock.Now()
}
