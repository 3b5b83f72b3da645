package cache

import "sync"

type entry struct {
	key  string
	hits int
}

type index struct {
	mu    sync.RWMutex
	items map[string]*entry
}

// Check-then-act under the read lock: the miss path inserts while other readers may too.
func (x *index) get(key string) *entry {
	x.mu.RLock()
	defer x.mu.RUnlock()
	e, ok := x.items[key]
	if !ok {
		e = &entry{key: key}
		x.items[key] = e // want `writes the map x\.items while holding only the read lock of x\.mu \(RLock, line 17\)`
	}
	return e
}

// The same, with the unlock written out.
func (x *index) forget(key string) {
	x.mu.RLock()
	if _, ok := x.items[key]; ok {
		delete(x.items, key) // want `writes the map x\.items while holding only the read lock`
	}
	x.mu.RUnlock()
}

// Negative: the read lock for the lookup, the write lock for the insert.
func (x *index) getOrCreate(key string) *entry {
	x.mu.RLock()
	e, ok := x.items[key]
	x.mu.RUnlock()
	if ok {
		return e
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if e, ok := x.items[key]; ok {
		return e
	}
	e = &entry{key: key}
	x.items[key] = e
	return e
}

// Negative: a map the function made itself, filled under the read lock of the index it copies.
func (x *index) snapshot() map[string]*entry {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := make(map[string]*entry, len(x.items))
	for k, e := range x.items {
		out[k] = e
	}
	return out
}

// Negative: a second, exclusive mutex guards the write inside the read-locked region.
type countedIndex struct {
	mu     sync.RWMutex
	items  map[string]*entry
	missMu sync.Mutex
	misses map[string]int
}

func (x *countedIndex) get(key string) *entry {
	x.mu.RLock()
	defer x.mu.RUnlock()
	e, ok := x.items[key]
	if !ok {
		x.missMu.Lock()
		x.misses[key]++
		x.missMu.Unlock()
	}
	return e
}

// Negative: an iterator's own map, written under its index's read lock: the lock is not the map's.
type iterator struct {
	idx  *index
	seen map[string]bool
}

func (it *iterator) next(key string) *entry {
	it.idx.mu.RLock()
	defer it.idx.mu.RUnlock()
	it.seen[key] = true
	return it.idx.items[key]
}
