package slots

import (
	"hash/fnv"
	"sort"
	"sync"
)

// A latch table (tidb's): each key hashes to a slot, and a committing transaction holds the slots of all its keys.
type latch struct {
	sync.Mutex
	maxCommitTS uint64
}

type Latches struct {
	slots []latch
}

func (l *Latches) slotID(key []byte) int {
	h := fnv.New32a()
	h.Write(key)
	return int(h.Sum32() % uint32(len(l.slots)))
}

// genSlotIDs maps the keys to their slots in the keys' order.
func (l *Latches) genSlotIDs(keys [][]byte) []int {
	ids := make([]int, 0, len(keys))
	for _, k := range keys {
		ids = append(ids, l.slotID(k))
	}
	return ids
}

type Lock struct {
	requiredSlots []int
	acquired      int
}

func (l *Latches) NewLock(keys [][]byte) *Lock {
	return &Lock{requiredSlots: l.genSlotIDs(keys)}
}

func (l *Latches) Acquire(lock *Lock) {
	for lock.acquired < len(lock.requiredSlots) {
		slot := &l.slots[lock.requiredSlots[lock.acquired]]
		slot.Lock() // want `Acquire locks elements of l.slots one after another, keeping each, in the order of lock.requiredSlots, which genSlotIDs maps from its argument's items in their order and nothing sorts`
		lock.acquired++
	}
}

func (l *Latches) Release(lock *Lock) {
	for i := lock.acquired - 1; i >= 0; i-- {
		l.slots[lock.requiredSlots[i]].Unlock()
	}
	lock.acquired = 0
}

// A striped lock whose stripes are taken in a range over the indices, a local of the locking function.
type Striped struct {
	stripes []sync.Mutex
}

func (s *Striped) stripe(key string) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(len(s.stripes)))
}

func (s *Striped) stripesOf(keys []string) []int {
	var out []int
	for _, k := range keys {
		out = append(out, s.stripe(k))
	}
	return out
}

func (s *Striped) LockAll(keys []string) func() {
	ids := s.stripesOf(keys)
	for _, i := range ids {
		s.stripes[i].Lock() // want `LockAll locks elements of s.stripes one after another, keeping each, in the order of ids, which stripesOf maps`
	}
	return func() {
		for _, i := range ids {
			s.stripes[i].Unlock()
		}
	}
}

// The fix: the builder sorts (and de-duplicates) the indices.
type SortedLatches struct {
	slots []latch
}

func (l *SortedLatches) slotID(key []byte) int {
	h := fnv.New32a()
	h.Write(key)
	return int(h.Sum32() % uint32(len(l.slots)))
}

func (l *SortedLatches) genSlotIDs(keys [][]byte) []int {
	ids := make([]int, 0, len(keys))
	for _, k := range keys {
		ids = append(ids, l.slotID(k))
	}
	sort.Ints(ids)
	out := ids[:0]
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			out = append(out, id)
		}
	}
	return out
}

type SortedLock struct {
	requiredSlots []int
}

func (l *SortedLatches) NewLock(keys [][]byte) *SortedLock {
	return &SortedLock{requiredSlots: l.genSlotIDs(keys)}
}

func (l *SortedLatches) Acquire(lock *SortedLock) {
	for _, id := range lock.requiredSlots {
		l.slots[id].Lock()
	}
}

// The indices sorted by the locking function itself.
func (s *Striped) LockAllSorted(keys []string) {
	ids := s.stripesOf(keys)
	sort.Ints(ids)
	for _, i := range ids {
		s.stripes[i].Lock()
	}
}

// One stripe at a time: nothing is kept across iterations.
func (s *Striped) Each(keys []string, f func(string)) {
	ids := s.stripesOf(keys)
	for n, i := range ids {
		s.stripes[i].Lock()
		f(keys[n])
		s.stripes[i].Unlock()
	}
}

// Every stripe in index order.
func (s *Striped) LockEvery() {
	for i := range s.stripes {
		s.stripes[i].Lock()
	}
}

// Indices from a parameter: where they come from is not known here.
func (s *Striped) LockIndices(ids []int) {
	for _, i := range ids {
		s.stripes[i].Lock()
	}
}
