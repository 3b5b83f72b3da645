package mutexes

import (
	"errors"
	"sync"
)

var errClosed = errors.New("closed")

type cache struct {
	mu     sync.Mutex
	closed bool
	items  map[string]int
}

func (c *cache) get(k string) (int, error) {
	c.mu.Lock() // want `c.mu is locked here, but the return at line 19 is reached without c.mu.Unlock\(\)`
	if c.closed {
		return 0, errClosed
	}
	v := c.items[k]
	c.mu.Unlock()
	return v, nil
}

type registry struct {
	sync.RWMutex
	names []string
}

func (r *registry) find(name string) bool {
	r.RLock() // want `r is locked here, but the return at line 35 is reached without r.RUnlock\(\)`
	for _, n := range r.names {
		if n == name {
			return true
		}
	}
	r.RUnlock()
	return false
}

func localMutex(xs []int) int {
	var mu sync.Mutex
	total := 0
	for _, x := range xs {
		mu.Lock() // want `mu is locked here, but the return at line 48 is reached`
		if x < 0 {
			return -1
		}
		total += x
		mu.Unlock()
	}
	return total
}

// Negative cases.

func (c *cache) deferred(k string) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, errClosed
	}
	return c.items[k], nil
}

func (c *cache) everyPath(k string) (int, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return 0, errClosed
	}
	v := c.items[k]
	c.mu.Unlock()
	return v, nil
}

func (c *cache) deferredLiteral(k string) int {
	c.mu.Lock()
	defer func() {
		c.mu.Unlock()
	}()
	if c.closed {
		return 0
	}
	return c.items[k]
}

// lock leaves the mutex locked on purpose: its caller unlocks (it never unlocks itself).
func (c *cache) lock() {
	c.mu.Lock()
}

// A helper of the package given the owner may unlock it: not reported.
func (c *cache) failLocked() {
	c.closed = true
	c.mu.Unlock()
}

func (c *cache) viaHelper(k string) (int, error) {
	c.mu.Lock()
	if c.closed {
		c.failLocked()
		return 0, errClosed
	}
	v := c.items[k]
	c.mu.Unlock()
	return v, nil
}

// The mutex is handed on (to a condition variable here): who unlocks it is not a matter of this body.
func (c *cache) handedOn() {
	c.mu.Lock()
	cond := sync.NewCond(&c.mu)
	if c.closed {
		return
	}
	cond.Signal()
	c.mu.Unlock()
}

// Panics end the path: no return is reached with the lock held.
func (c *cache) panics(k string) int {
	c.mu.Lock()
	v, ok := c.items[k]
	if !ok {
		panic("missing " + k)
	}
	c.mu.Unlock()
	return v
}

// Another mutex is unlocked on the early path: this one is unlocked on every path.
type pair struct {
	a, b sync.Mutex
}

func (p *pair) both(fail bool) error {
	p.a.Lock()
	p.b.Lock()
	if fail {
		p.b.Unlock()
		p.a.Unlock()
		return errClosed
	}
	p.b.Unlock()
	p.a.Unlock()
	return nil
}

// Patterns from std that hold or release the lock on purpose.

// net/http's Server.Close: unlock, wait, lock again, all under the deferred unlock.
type server struct {
	mu    sync.Mutex
	group sync.WaitGroup
	conns map[int]bool
}

func (s *server) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mu.Unlock()
	s.group.Wait()
	s.mu.Lock()
	for c := range s.conns {
		delete(s.conns, c)
	}
	return nil
}

// math/big's divisor cache: locked and unlocked under the same condition.
var table struct {
	sync.Mutex
	entries []int
}

func divisors(b int) []int {
	var t []int
	if b == 10 {
		table.Lock()
		t = table.entries
	}
	if len(t) == 0 {
		t = []int{b}
	}
	if b == 10 {
		table.Unlock()
	}
	return t
}

// Lock-then-wait: another goroutine unlocks, and the second Lock waits for it.
func waitForWorker(work func()) {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		work()
		mu.Unlock()
	}()
	mu.Lock()
}

// database/sql's grabConn: the caller gets the release as a method value.
type tx struct {
	closemu sync.RWMutex
	done    bool
}

func (t *tx) release(error) { t.closemu.RUnlock() }

func (t *tx) grab() (func(error), error) {
	t.closemu.RLock()
	if t.done {
		t.closemu.RUnlock()
		return nil, errClosed
	}
	return t.release, nil
}
