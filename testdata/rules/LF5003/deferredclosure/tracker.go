package deferredclosure

import (
	"sync"
	"time"
)

// Timing an operation with `defer c.track("op")()`: track runs at once and returns the closure that records the
// time under the catalog's lock (consul's and istio's idiom).
type opStats struct {
	count int
	total time.Duration
}

type Catalog struct {
	sync.Mutex
	services map[string]string
	ops      map[string]*opStats
}

func (c *Catalog) track(op string) func() {
	start := time.Now()
	return func() {
		c.Lock()
		defer c.Unlock()
		st, ok := c.ops[op]
		if !ok {
			st = &opStats{}
			c.ops[op] = st
		}
		st.count++
		st.total += time.Since(start)
	}
}

// Deferred after the deferred Unlock, the closure runs first, with the catalog still locked.
func (c *Catalog) Register(name, addr string) {
	c.Lock()
	defer c.Unlock()
	defer c.track("register")() // want `this deferred call reaches a Lock of c.Mutex \(through the function track returns\) while Register still holds it locked since line 38: deferred calls run last-in first-out, so this one runs before the deferred unlock at line 39`
	c.services[name] = addr
}

// The fix: deferred before the lock, the closure runs after the unlock.
func (c *Catalog) Deregister(name string) {
	defer c.track("deregister")()
	c.Lock()
	defer c.Unlock()
	delete(c.services, name)
}

// Unlocked before the return: the closure runs with nothing held.
func (c *Catalog) Count() int {
	defer c.track("count")()
	c.Lock()
	n := len(c.services)
	c.Unlock()
	return n
}

// A deferred literal that locks, registered after the deferred unlock.
func (c *Catalog) Rename(from, to string) {
	c.Lock()
	defer c.Unlock()
	defer func() { // want `this deferred call reaches a Lock of c.Mutex \(through the deferred function literal\) while Rename still holds it locked`
		c.Lock()
		c.ops["rename"] = &opStats{count: 1}
		c.Unlock()
	}()
	c.services[to] = c.services[from]
	delete(c.services, from)
}

// A deferred literal that only recovers, or locks another mutex, is fine.
func (c *Catalog) Lookup(name string, m *metrics) (addr string) {
	c.Lock()
	defer c.Unlock()
	defer func() {
		if recover() != nil {
			addr = ""
		}
	}()
	defer func() {
		m.mu.Lock()
		m.lookups++
		m.mu.Unlock()
	}()
	return c.services[name]
}

// A tracker recording under its own mutex: the service's lock is another one.
type metrics struct {
	mu      sync.Mutex
	lookups int
	d       map[string]time.Duration
}

func (m *metrics) timer(op string) func() {
	start := time.Now()
	return func() {
		m.mu.Lock()
		m.d[op] += time.Since(start)
		m.mu.Unlock()
	}
}

type Service struct {
	mu sync.Mutex
	m  *metrics
	n  int
}

func (s *Service) Handle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.m.timer("handle")()
	s.n++
}

// A lock helper returning its unlock: `defer s.locked()()` takes the lock now and gives it back at the return.
func (s *Service) locked() func() {
	s.mu.Lock()
	return func() { s.mu.Unlock() }
}

func (s *Service) Incr() {
	defer s.locked()()
	s.n++
}

// A closure over a mutex of its own making is no lock of the caller's.
func (s *Service) guard() func() {
	var mu sync.Mutex
	return func() {
		mu.Lock()
		s.n--
		mu.Unlock()
	}
}

func (s *Service) Decr() {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.guard()()
}
