package loopssendcycle

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type raft struct {
	proposals chan string
	entries   chan string
	stop      chan struct{}
}

func newRaft() *raft {
	r := &raft{proposals: make(chan string), entries: make(chan string), stop: make(chan struct{})}
	go r.run()
	return r
}

func (r *raft) run() {
	for {
		select {
		case p := <-r.proposals:
			r.entries <- "committed " + p
		case <-r.stop:
			return
		}
	}
}

type store struct {
	raft    *raft
	submit  chan string
	applied chan string
	stop    chan struct{}
}

func newStore() *store {
	return &store{raft: newRaft(), submit: make(chan string, 8), applied: make(chan string, 8), stop: make(chan struct{})}
}

func (s *store) Start() { go s.processRaft() }

func (s *store) processRaft() {
	for {
		select {
		case cmd := <-s.submit:
			// Propose everything queued as one batch.
			batch := []string{cmd}
			for len(s.submit) > 0 {
				batch = append(batch, <-s.submit)
			}
			for _, c := range batch {
				s.raft.proposals <- c
			}
		case e := <-s.raft.entries:
			s.applied <- e
		case <-s.stop:
			return
		}
	}
}

func (s *store) Stop() {
	close(s.stop)
	close(s.raft.stop)
}

func TestTwoProposals(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := newStore()
		// Two commands queued before the store starts: they go out as one batch, and the second proposal is
		// sent while raft is sending the first entry back.
		s.submit <- "put a"
		s.submit <- "put b"
		s.Start()
		for i := 0; i < 2; i++ {
			<-s.applied
		}
		s.Stop()
	})
}
