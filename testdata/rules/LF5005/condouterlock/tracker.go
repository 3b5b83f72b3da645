package condouterlock

import "sync"

// A version tracker: readers wait on its Cond, in a proper predicate loop, for a version to be applied.
type tracker struct {
	mu      sync.Mutex
	cond    *sync.Cond
	applied int
}

func newTracker() *tracker {
	t := &tracker{}
	t.cond = sync.NewCond(&t.mu)
	return t
}

func (t *tracker) waitFor(v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.applied < v {
		t.cond.Wait()
	}
}

func (t *tracker) advance(v int) {
	t.mu.Lock()
	t.applied = v
	t.cond.Broadcast()
	t.mu.Unlock()
}

type update struct {
	key     string
	version int
}

// Store applies updates in its loop; the loop takes s.mu for the data, releases it, then advances the tracker.
type Store struct {
	mu      sync.Mutex
	data    map[string]int
	tr      *tracker
	updates chan update
}

func NewStore() *Store {
	s := &Store{data: map[string]int{}, tr: newTracker(), updates: make(chan update)}
	go s.applyLoop()
	return s
}

func (s *Store) applyLoop() {
	for u := range s.updates {
		s.apply(u)
	}
}

func (s *Store) apply(u update) {
	s.mu.Lock()
	s.data[u.key] = u.version
	s.mu.Unlock()
	s.tr.advance(u.version)
}

// ReadAt holds s.mu while it waits for the version: apply cannot take s.mu, so it never advances the tracker.
func (s *Store) ReadAt(key string, v int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tr.waitFor(v) // want `ReadAt waits on s.tr.cond \(in waitFor, line 22\) while holding s.mu \(locked at line 67\), but advance, which calls its Signal or Broadcast, runs only after that lock: apply takes Store.mu \(line 59\) before it calls advance`
	return s.data[key]
}

// Fixed: wait first, then take s.mu to read. Silent.
func (s *Store) ReadAtFixed(key string, v int) int {
	s.tr.waitFor(v)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data[key]
}
