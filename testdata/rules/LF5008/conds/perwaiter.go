package conds

import "sync"

// Committers wait for their own turn; done wakes one of them with Signal, often not the one whose turn it is.

type sequencer struct {
	mu   sync.Mutex
	turn *sync.Cond
	next uint64
}

func newSequencer() *sequencer {
	s := &sequencer{}
	s.turn = sync.NewCond(&s.mu)
	return s
}

func (s *sequencer) waitTurn(seq uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.next != seq {
		s.turn.Wait()
	}
}

func (s *sequencer) done(seq uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next = seq + 1
	s.turn.Signal() // want `done changes the field the wait loop in waitTurn \(line \d+\) compares with each waiter's own seq, and wakes one waiter with Signal`
}

func commitAll(s *sequencer, n uint64, write func(uint64)) {
	for i := uint64(0); i < n; i++ {
		go func(seq uint64) {
			s.waitTurn(seq)
			write(seq)
			s.done(seq)
		}(i)
	}
}

// Fixed: Broadcast lets every waiter re-check its own turn.
type fairSequencer struct {
	mu   sync.Mutex
	turn *sync.Cond
	next uint64
}

func (s *fairSequencer) waitTurn(seq uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.next != seq {
		s.turn.Wait()
	}
}

func (s *fairSequencer) done(seq uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next = seq + 1
	s.turn.Broadcast()
}

func commitAllFair(s *fairSequencer, n uint64) {
	for i := uint64(0); i < n; i++ {
		go func(seq uint64) {
			s.waitTurn(seq)
			s.done(seq)
		}(i)
	}
}

// One waiter at a time (started once): Signal reaches it.
type single struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready uint64
}

func (s *single) waitFor(gen uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.ready < gen {
		s.cond.Wait()
	}
}

func (s *single) publish(gen uint64) {
	s.mu.Lock()
	s.ready = gen
	s.mu.Unlock()
	s.cond.Signal()
}

func watchOnce(s *single) {
	go s.waitFor(3)
}
