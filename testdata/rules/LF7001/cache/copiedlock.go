package cache

import "sync"

// A counter with value receivers: each call locks its own copy of mu; the copies share the map.
type hitCounter struct {
	mu   sync.Mutex
	hits map[string]int
}

func (c hitCounter) hit(route string) {
	c.mu.Lock()
	c.hits[route]++ // want `hit has a value receiver, so c is a copy made for each call, its mutex included: the lock at line 12 guards that copy only`
	c.mu.Unlock()
}

// Negative: a pointer receiver locks the one mutex.
func (c *hitCounter) hitShared(route string) {
	c.mu.Lock()
	c.hits[route]++
	c.mu.Unlock()
}

// Negative: the mutex is a pointer every copy shares.
type sharedLockCounter struct {
	mu   *sync.Mutex
	hits map[string]int
}

func (c sharedLockCounter) hit(route string) {
	c.mu.Lock()
	c.hits[route]++
	c.mu.Unlock()
}

// Negative: a value receiver that only reads under its lock copy writes nothing shared.
func (c hitCounter) count(route string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits[route]
}
