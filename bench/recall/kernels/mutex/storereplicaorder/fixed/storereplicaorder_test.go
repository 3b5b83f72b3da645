package storereplicaorder

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type RangeID int64

type RangeDescriptor struct {
	RangeID  RangeID
	StartKey string
	EndKey   string
}

type StoreTestingKnobs struct {
	// Called while the replica applies a split trigger / a removal, respectively.
	BeforeStoreUpdate  func()
	BeforeReplicaCheck func()
}

type Store struct {
	knobs StoreTestingKnobs
	mu    struct {
		sync.Mutex
		replicas      map[RangeID]*Replica
		replicasByKey map[string]RangeID
	}
}

type Replica struct {
	RangeID RangeID
	store   *Store
	mu      struct {
		sync.Mutex
		desc      *RangeDescriptor
		destroyed bool
	}
}

// setDesc installs a new descriptor (e.g. after a split) and re-indexes the replica by key.
// Lock order is Store.mu before Replica.mu.
func (r *Replica) setDesc(desc *RangeDescriptor) {
	r.mu.Lock()
	old := r.mu.desc
	r.mu.desc = desc
	if r.store.knobs.BeforeStoreUpdate != nil {
		r.store.knobs.BeforeStoreUpdate()
	}
	r.mu.Unlock()
	// Update the store's index without holding r.mu: Store.mu is ordered first.
	r.store.updateReplicaKeyLocked(r, old, desc)
}

func (s *Store) updateReplicaKeyLocked(r *Replica, old, desc *RangeDescriptor) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old != nil {
		delete(s.mu.replicasByKey, old.StartKey)
	}
	s.mu.replicasByKey[desc.StartKey] = r.RangeID
}

// removeReplica drops a replica that was rebalanced away from this store.
func (s *Store) removeReplica(rep *Replica) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.knobs.BeforeReplicaCheck != nil {
		s.knobs.BeforeReplicaCheck()
	}
	rep.mu.Lock()
	rep.mu.destroyed = true
	key := rep.mu.desc.StartKey
	rep.mu.Unlock()
	delete(s.mu.replicas, rep.RangeID)
	delete(s.mu.replicasByKey, key)
}

func TestSplitRacesRemoval(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		var barrier sync.WaitGroup
		barrier.Add(2)
		meet := func() { barrier.Done(); barrier.Wait() }
		s := &Store{knobs: StoreTestingKnobs{BeforeStoreUpdate: meet, BeforeReplicaCheck: meet}}
		s.mu.replicas = map[RangeID]*Replica{}
		s.mu.replicasByKey = map[string]RangeID{}
		r := &Replica{RangeID: 7, store: s}
		r.mu.desc = &RangeDescriptor{RangeID: 7, StartKey: "a", EndKey: "z"}
		s.mu.replicas[7] = r
		s.mu.replicasByKey["a"] = 7

		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); r.setDesc(&RangeDescriptor{RangeID: 7, StartKey: "a", EndKey: "m"}) }()
		go func() { defer wg.Done(); s.removeReplica(r) }()
		wg.Wait()
	})
}
