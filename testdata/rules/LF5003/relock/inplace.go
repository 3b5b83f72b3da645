package relock

import (
	"sort"
	"sync"
	"time"
)

// A table sorted under its lock by a less function that takes the lock: sort.Slice calls it in place.
type table struct {
	mu   sync.Mutex
	rows []int
	hits map[int]int
}

func (t *table) hitsOf(i int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.hits[t.rows[i]]
}

func (t *table) sortByHits() {
	t.mu.Lock()
	defer t.mu.Unlock()
	sort.Slice(t.rows, func(i, j int) bool { return t.hitsOf(i) > t.hitsOf(j) }) // want `this call reaches a Lock of t.mu \(through hitsOf\) while sortByHits still holds it locked` `this call reaches a Lock of t.mu \(through hitsOf\) while sortByHits still holds it locked`
}

// The fix: the less function reads the map it is given, under the caller's lock.
func (t *table) sortByHitsFixed() {
	t.mu.Lock()
	defer t.mu.Unlock()
	sort.Slice(t.rows, func(i, j int) bool { return t.hits[t.rows[i]] > t.hits[t.rows[j]] })
}

// A cache purged under its lock by a Range callback that forgets each key under the same lock.
type syncCache struct {
	mu sync.Mutex
	m  sync.Map
	n  int
}

func (c *syncCache) forget(k interface{}) {
	c.mu.Lock()
	c.m.Delete(k)
	c.n--
	c.mu.Unlock()
}

func (c *syncCache) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m.Range(func(k, v interface{}) bool {
		c.forget(k) // want `this call reaches a Lock of c.mu \(through forget\) while purge still holds it locked`
		return true
	})
}

// Run later, on another goroutine: it waits for the lock, it does not deadlock.
func (c *syncCache) purgeLater() {
	c.mu.Lock()
	defer c.mu.Unlock()
	time.AfterFunc(time.Second, func() { c.forget("stale") })
}

// A method value handed to a function of the package that calls it while holding the lock.
type members struct {
	mu    sync.Mutex
	items map[string]int
	onAdd func(string)
}

func (m *members) each(f func(string)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.items {
		f(k)
	}
}

func (m *members) drop(k string) {
	m.mu.Lock()
	delete(m.items, k)
	m.mu.Unlock()
}

func (m *members) dropLocked(k string) { delete(m.items, k) }

func (m *members) clear() {
	m.each(m.drop) // want `this call reaches a Lock of m.mu \(through drop\) when each, given it here, calls it while it holds m.mu locked`
}

// The fixes: a variant that expects the lock held; a function that only stores the value.
func (m *members) clearFixed() {
	m.each(m.dropLocked)
}

func (m *members) watch(f func(string)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.onAdd = f
}

func (m *members) watchDrops() {
	m.watch(m.drop)
}
