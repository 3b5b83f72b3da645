package copies

import "sync"

type store struct {
	mu      sync.RWMutex
	items   map[string]int
	version int
}

func (s *store) Set(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[k] = v
	s.version++
}

// The copy carries the read lock: its first Set waits for ever.
func (s *store) Snapshot() *store {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cp := *s // want `this copies s with its mutex mu while s.mu is read-locked \(line \d+\)`
	cp.items = make(map[string]int, len(s.items))
	for k, v := range s.items {
		cp.items[k] = v
	}
	return &cp
}

type counter struct {
	mu sync.Mutex
	n  int
}

// Copied under the write lock and locked again at once.
func (c *counter) Fork() int {
	c.mu.Lock()
	cp := *c // want `this copies c with its mutex mu while c.mu is locked`
	c.mu.Unlock()
	cp.mu.Lock()
	defer cp.mu.Unlock()
	return cp.n
}

// Fixed: the copy is built field by field, its mutex zero.
func (s *store) SnapshotFixed() *store {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cp := &store{items: make(map[string]int, len(s.items)), version: s.version}
	for k, v := range s.items {
		cp.items[k] = v
	}
	return cp
}

// Copied after the unlock: the copy's mutex is unlocked (vet's copylocks still frowns, but nothing hangs).
func (c *counter) ForkAfterUnlock() *counter {
	c.mu.Lock()
	n := c.n
	c.mu.Unlock()
	cp := *c
	cp.n = n
	return &cp
}

// The copy is only read: its mutex is never used.
func (c *counter) Peek() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	cp := *c
	return cp.n
}

// A struct without the held mutex is copied: nothing to carry.
type pair struct{ a, b int }

type holder struct {
	mu sync.Mutex
	p  *pair
}

func (h *holder) Pair() pair {
	h.mu.Lock()
	defer h.mu.Unlock()
	cp := *h.p
	return cp
}
