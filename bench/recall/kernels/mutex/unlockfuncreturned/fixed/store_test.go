package unlockfuncreturned

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type RangeID int64

type Replica struct {
	RangeID  RangeID
	raftMu   sync.Mutex
	startKey []byte
	endKey   []byte
	applied  uint64
}

type Store struct {
	mu       sync.RWMutex
	replicas map[RangeID]*Replica
	nextID   RangeID
}

// lockReplicaRaft locks the replica's raft mutex and returns the function that unlocks it.
func (s *Store) lockReplicaRaft(id RangeID) (*Replica, func(), error) {
	s.mu.RLock()
	r, ok := s.replicas[id]
	s.mu.RUnlock()
	if !ok {
		return nil, nil, fmt.Errorf("r%d not found", id)
	}
	r.raftMu.Lock()
	return r, r.raftMu.Unlock, nil
}

// AdminSplit splits the range at splitKey into two ranges.
func (s *Store) AdminSplit(id RangeID, splitKey []byte) error {
	r, unlock, err := s.lockReplicaRaft(id)
	if err != nil {
		return err
	}
	if bytes.Compare(splitKey, r.startKey) <= 0 || bytes.Compare(splitKey, r.endKey) >= 0 {
		unlock()
		return fmt.Errorf("r%d: split key %q outside [%q, %q)", id, splitKey, r.startKey, r.endKey)
	}
	rhs := &Replica{startKey: splitKey, endKey: r.endKey}
	r.endKey = splitKey
	r.applied++
	unlock()

	s.mu.Lock()
	s.nextID++
	rhs.RangeID = s.nextID
	s.replicas[rhs.RangeID] = rhs
	s.mu.Unlock()
	return nil
}

func (s *Store) Applied(id RangeID) uint64 {
	r, unlock, err := s.lockReplicaRaft(id)
	if err != nil {
		return 0
	}
	defer unlock()
	return r.applied
}

func TestSplitOutsideRange(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := &Store{replicas: map[RangeID]*Replica{1: {RangeID: 1, startKey: []byte("a"), endKey: []byte("m")}}, nextID: 1}
		if err := s.AdminSplit(1, []byte("q")); err == nil {
			t.Errorf("split outside the range succeeded")
		}
		if err := s.AdminSplit(1, []byte("f")); err != nil {
			t.Error(err)
		}
		if n := s.Applied(1); n != 1 {
			t.Errorf("applied = %d", n)
		}
	})
}
