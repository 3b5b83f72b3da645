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

// A lock at the top of a loop body, kept by a continue: the next iteration blocks on it.
func (c *cache) Sweep(now time.Time) {
	for k, e := range c.items {
		c.mu.Lock() // want `c.mu is locked at the top of a loop in Sweep, and not unlocked on every path back to it: a path through the loop body \(a continue`
		if e.expires.After(now) {
			continue
		}
		delete(c.items, k)
		c.mu.Unlock()
	}
}

// A deferred unlock in a loop runs at the return, not at the end of the iteration.
func (c *cache) Touch(keys []string) {
	for _, k := range keys {
		c.mu.Lock() // want `the deferred unlock only runs when Touch returns`
		defer c.mu.Unlock()
		e := c.items[k]
		e.expires = time.Now().Add(time.Minute)
		c.items[k] = e
	}
}

// Fixed: unlock on the continue path; and a loop that leaves (break, return) after locking.
func (c *cache) SweepFixed(now time.Time) {
	for k, e := range c.items {
		c.mu.Lock()
		if e.expires.After(now) {
			c.mu.Unlock()
			continue
		}
		delete(c.items, k)
		c.mu.Unlock()
	}
}

func (c *cache) FirstExpired(now time.Time) string {
	for k, e := range c.items {
		c.mu.Lock()
		if e.expires.Before(now) {
			defer c.mu.Unlock()
			return k
		}
		c.mu.Unlock()
	}
	return ""
}

// A loop that locks under a condition and unlocks under the same one: paths are not correlated, but the
// lock is not at the top of the body, so it is not reported.
func (c *cache) SweepSome(now time.Time, locking bool) {
	for k := range c.items {
		if locking {
			c.mu.Lock()
		}
		delete(c.items, k)
		if locking {
			c.mu.Unlock()
		}
	}
}

// Each iteration locks another mutex (a range variable, a cursor moved by the loop): nothing is re-locked.
type shard struct {
	mu   sync.Mutex
	next *shard
	keys []string
}

func lockAll(shards []*shard) {
	for _, sh := range shards {
		sh.mu.Lock() // unlocked by unlockAll
	}
}

func lockChain(sh *shard) {
	for sh != nil {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		sh = sh.next
	}
}

// A loop that takes locks it never unlocks itself: another function (or goroutine) releases them.
func (c *cache) closeForGood(shutdown chan struct{}) {
	for range shutdown {
		c.mu.Lock() // held for ever on purpose: the cache is closed
	}
}

// testing's frameSkip: entered with c.mu held, it moves c up to the parent and locks that one; the summary
// does not say it locks its receiver's mutex, since c no longer is the receiver there.
type test struct {
	mu     sync.Mutex
	parent *test
	output []string
}

func (t *test) frameSkip() int {
	depth := 0
	for t.parent != nil {
		t = t.parent
		t.mu.Lock()
		depth++
		t.mu.Unlock()
	}
	return depth
}

func (t *test) log(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.output = append(t.output, s)
	_ = t.frameSkip()
}
