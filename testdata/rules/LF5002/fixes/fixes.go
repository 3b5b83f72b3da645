package fixes

import "sync"

type cache struct {
	mu     sync.RWMutex
	closed bool
	items  map[string]int
}

func (c *cache) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[k]
}

func (c *cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

// Fixed: the only lock of the mutex in a function that never unlocks it.

func (c *cache) Close() {
	c.mu.Lock() // want `Close locks c.mu and never unlocks it`
	c.closed = true
	c.items = nil
}

// Fixed: a read lock gets RUnlock.

func (c *cache) Size() int {
	c.mu.RLock() // want `Size locks c.mu and never unlocks it`
	return len(c.items)
}

// Reported, but no fix.

// Locked twice: a deferred unlock after the first Lock would not make the second one succeed.

func (c *cache) Reset() {
	c.mu.Lock() // want `Reset locks c.mu and never unlocks it`
	c.items = nil
	c.mu.Lock() // want `Reset locks c.mu and never unlocks it`
	c.closed = false
}

// Locked in a loop: a deferred unlock runs only at the return, so the second iteration would block.

func (c *cache) Drop(keys []string) {
	for _, k := range keys {
		c.mu.Lock() // want `Drop locks c.mu and never unlocks it`
		delete(c.items, k)
	}
}
