package enqueueunderlock

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type RaftRequest struct {
	RangeID int64
	Command string
}

type Store struct {
	mu      sync.Mutex
	pending map[int64]int
	applied int
	reqCh   chan RaftRequest
	stopCh  chan struct{}
	done    chan struct{}
	apply   func(RaftRequest)
}

func NewStore(apply func(RaftRequest)) *Store {
	s := &Store{pending: map[int64]int{}, reqCh: make(chan RaftRequest),
		stopCh: make(chan struct{}), done: make(chan struct{}), apply: apply}
	go s.processLoop()
	return s
}

func (s *Store) processLoop() {
	defer close(s.done)
	for {
		select {
		case <-s.stopCh:
			return
		case req := <-s.reqCh:
			s.apply(req)
			s.mu.Lock()
			s.pending[req.RangeID]--
			s.applied++
			s.mu.Unlock()
		}
	}
}

// Enqueue records the request as pending and hands it to the processing loop.
func (s *Store) Enqueue(req RaftRequest) {
	s.mu.Lock()
	s.pending[req.RangeID]++
	s.mu.Unlock()
	s.reqCh <- req
}

func (s *Store) Stop() {
	close(s.stopCh)
	<-s.done
}

func TestEnqueueWhileApplying(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewStore(func(RaftRequest) { time.Sleep(50 * time.Millisecond) })
		s.Enqueue(RaftRequest{RangeID: 1, Command: "Put"})
		s.Enqueue(RaftRequest{RangeID: 1, Command: "Put"})
		s.Enqueue(RaftRequest{RangeID: 2, Command: "EndTxn"})
		s.Stop()
	})
}
