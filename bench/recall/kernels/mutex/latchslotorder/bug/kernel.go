package latchslotorder

import (
	"errors"
	"hash/fnv"
	"sync"
	"time"
)

// latch is one slot of the latch table; every key hashing to the slot shares it.
type latch struct {
	sync.Mutex
	maxCommitTS uint64
	waiters     int
}

// Latches serialise the commits of transactions that write the same keys: a transaction holds the
// slots of all its keys while it commits.
type Latches struct {
	slots []latch
	// onAcquired is a test and metrics hook run after each slot is taken.
	onAcquired func(acquired int)
}

func NewLatches(size int) *Latches {
	return &Latches{slots: make([]latch, size)}
}

func (l *Latches) slotID(key []byte) int {
	h := fnv.New32a()
	h.Write(key)
	return int(h.Sum32() % uint32(len(l.slots)))
}

// genSlotIDs maps the transaction's keys to their slots.
func (l *Latches) genSlotIDs(keys [][]byte) []int {
	ids := make([]int, 0, len(keys))
	for _, k := range keys {
		ids = append(ids, l.slotID(k))
	}
	return ids
}

// Lock is one transaction's claim on the latch table.
type Lock struct {
	requiredSlots []int
	acquired      int
	startTS       uint64
	commitTS      uint64
}

func (l *Latches) NewLock(startTS uint64, keys [][]byte) *Lock {
	return &Lock{requiredSlots: l.genSlotIDs(keys), startTS: startTS}
}

// Acquire takes every slot the lock needs, in the order of requiredSlots.
func (l *Latches) Acquire(lock *Lock) {
	for lock.acquired < len(lock.requiredSlots) {
		slot := &l.slots[lock.requiredSlots[lock.acquired]]
		slot.Lock()
		lock.acquired++
		if l.onAcquired != nil {
			l.onAcquired(lock.acquired)
		}
	}
}

// Release gives the slots back and records the commit timestamp on each.
func (l *Latches) Release(lock *Lock) {
	for i := lock.acquired - 1; i >= 0; i-- {
		slot := &l.slots[lock.requiredSlots[i]]
		if lock.commitTS > slot.maxCommitTS {
			slot.maxCommitTS = lock.commitTS
		}
		slot.Unlock()
	}
	lock.acquired = 0
}

var errConflict = errors.New("write conflict")

// Store is a tiny transactional key-value store committing through the latches.
type Store struct {
	latches *Latches
	mu      sync.Mutex
	data    map[string]string
	version map[string]uint64
	clock   uint64
}

func NewStore(slots int) *Store {
	return &Store{latches: NewLatches(slots), data: map[string]string{}, version: map[string]uint64{}}
}

func (s *Store) tso() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock++
	return s.clock
}

// Commit writes the mutations of a transaction that started at startTS.
func (s *Store) Commit(startTS uint64, muts map[string]string, order []string) error {
	keys := make([][]byte, 0, len(order))
	for _, k := range order {
		keys = append(keys, []byte(k))
	}
	lock := s.latches.NewLock(startTS, keys)
	s.latches.Acquire(lock)
	defer s.latches.Release(lock)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range order {
		if s.version[k] > startTS {
			return errConflict
		}
	}
	s.clock++
	lock.commitTS = s.clock
	for _, k := range order {
		s.data[k] = muts[k]
		s.version[k] = lock.commitTS
	}
	return nil
}

// slowDown is what the test installs: a commit that has its first slot pauses, like one waiting on
// the network for its primary key.
func slowDown(acquired int) {
	if acquired == 1 {
		time.Sleep(50 * time.Millisecond)
	}
}
