package relock

import (
	"sync"
	"time"
)

// A cache whose Get evicts expired entries through a method that takes the lock itself.
type entry struct {
	value   string
	expires time.Time
}

type cache struct {
	mu      sync.Mutex
	items   map[string]entry
	onEvict func(string)
}

func (c *cache) Get(k string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if ok && time.Now().After(e.expires) {
		c.evict(k) // want `this call reaches a Lock of c.mu \(through evict\) while Get still holds it locked since line 21: sync mutexes are not reentrant`
		return "", false
	}
	return e.value, ok
}

func (c *cache) evict(k string) {
	c.mu.Lock()
	delete(c.items, k)
	c.mu.Unlock()
}

// Through two calls: Set -> store -> grow, and grow locks.
func (c *cache) Set(k, v string) {
	c.mu.Lock()
	c.store(k, v) // want `this call reaches a Lock of c.mu \(through store → grow\)`
	c.mu.Unlock()
}

func (c *cache) store(k, v string) {
	if c.items == nil {
		c.grow()
	}
	c.items[k] = entry{value: v}
}

func (c *cache) grow() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = make(map[string]entry)
}

// A plain double lock on one path.
func (c *cache) Reset() {
	c.mu.Lock()
	if len(c.items) > 100 {
		c.items = nil
	}
	c.mu.Lock() // want `c.mu is locked again here while Reset still holds it locked since line 59`
	c.items = map[string]entry{}
	c.mu.Unlock()
}

// The idiomatic fixes, silent.

// evictLocked is called with c.mu held: it does not lock.
func (c *cache) evictLocked(k string) {
	delete(c.items, k)
	if c.onEvict != nil {
		c.onEvict(k)
	}
}

func (c *cache) GetFixed(k string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if ok && time.Now().After(e.expires) {
		c.evictLocked(k)
		return "", false
	}
	return e.value, ok
}

// Unlock, call the locking method, lock again.
func (c *cache) GetUnlockFirst(k string) (string, bool) {
	c.mu.Lock()
	e, ok := c.items[k]
	if ok && time.Now().After(e.expires) {
		c.mu.Unlock()
		c.evict(k)
		return "", false
	}
	c.mu.Unlock()
	return e.value, ok
}

// The lock is released before the call on every path.
func (c *cache) SetFixed(k, v string) {
	c.mu.Lock()
	empty := c.items == nil
	c.mu.Unlock()
	if empty {
		c.grow()
	}
	c.mu.Lock()
	c.items[k] = entry{value: v}
	c.mu.Unlock()
}

// A goroutine started while holding the lock runs on its own stack: it waits, it does not deadlock.
func (c *cache) EvictLater(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	go c.evict(k)
}

// Locked on one branch only: after the join the lock is not known to be held.
func (c *cache) MaybeLocked(k string, lock bool) {
	if lock {
		c.mu.Lock()
	}
	c.items[k] = entry{}
	if lock {
		c.mu.Unlock()
	}
	c.evict(k)
}

// A callee that locks only when told the caller does not hold the lock.
func (c *cache) lookup(k string, locked bool) entry {
	if !locked {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	return c.items[k]
}

func (c *cache) Peek(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lookup(k, true).value
}

// A deferred unlock then a lock after the function returned: different calls.
func (c *cache) Refresh(k string) {
	c.evict(k)
	c.mu.Lock()
	c.items[k] = entry{}
	c.mu.Unlock()
}
