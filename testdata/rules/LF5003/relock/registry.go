package relock

import (
	"errors"
	"sync"
)

// A registry guarded by an RWMutex: lookups read-lock, registration write-locks.
type service struct {
	name  string
	addrs []string
}

type registry struct {
	mu       sync.RWMutex
	services map[string]*service
}

// Lookup read-locks, then registers a missing service through a method that write-locks: Lock waits for the
// readers to leave, this one included.
func (r *registry) Lookup(name string) *service {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if s, ok := r.services[name]; ok {
		return s
	}
	return r.register(name) // want `this call reaches a Lock of r.mu \(through register\) while Lookup still holds it read-locked since line 22: Lock waits until every reader has left`
}

func (r *registry) register(name string) *service {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := &service{name: name}
	r.services[name] = s
	return s
}

// Count read-locks and calls Names, which read-locks again: fine until a writer waits in between.
func (r *registry) Count() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.Names()) // want `this call reaches an RLock of r.mu \(through Names\) while Count still holds it read-locked since line 40: a recursive RLock`
}

func (r *registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var names []string
	for n := range r.services {
		names = append(names, n)
	}
	return names
}

// Fixed: one read lock, and a helper documented as called with it held.
func (r *registry) CountFixed() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.namesLocked())
}

func (r *registry) namesLocked() []string {
	var names []string
	for n := range r.services {
		names = append(names, n)
	}
	return names
}

// Fixed: release the read lock, then register (and re-check under the write lock).
func (r *registry) LookupFixed(name string) *service {
	r.mu.RLock()
	s, ok := r.services[name]
	r.mu.RUnlock()
	if ok {
		return s
	}
	return r.register(name)
}

// Two registries: holding one's lock while locking the other is no re-lock.
func (r *registry) CopyFrom(other *registry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range other.Names() {
		r.services[n] = &service{name: n}
	}
}

// An embedded mutex, a lock helper, and a package-level mutex.
type conn struct {
	sync.Mutex
	buf    []byte
	closed bool
}

// lock is a lock helper: it returns holding c.
func (c *conn) lock() {
	c.Lock()
	if c.closed {
		panic("use of closed conn")
	}
}

func (c *conn) Write(p []byte) error {
	c.lock()
	c.buf = append(c.buf, p...)
	c.flush() // want `this call reaches a Lock of c.Mutex \(through flush\) while Write still holds it locked`
	c.Unlock()
	return nil
}

func (c *conn) flush() {
	c.Lock()
	c.buf = c.buf[:0]
	c.Unlock()
}

var (
	statsMu sync.Mutex
	written int
)

func record(n int) {
	statsMu.Lock()
	written += n
	statsMu.Unlock()
}

func (c *conn) Send(p []byte) {
	statsMu.Lock()
	defer statsMu.Unlock()
	c.Lock()
	c.buf = append(c.buf, p...)
	c.Unlock()
	record(len(p)) // want `this call reaches a Lock of statsMu \(through record\)`
}

// A lock helper that unlocks on its error path: its callers are not known to hold the lock after it.
func (c *conn) tryLock() error {
	c.Lock()
	if c.closed {
		c.Unlock()
		return errors.New("closed")
	}
	return nil
}

func (c *conn) WriteChecked(p []byte) error {
	if err := c.tryLock(); err != nil {
		return err
	}
	c.buf = append(c.buf, p...)
	c.Unlock()
	return nil
}

// A mutex reached through a parameter and through a field of the receiver.
type server struct {
	mu    sync.Mutex
	conns []*conn
	main  *conn
}

func closeConn(c *conn) {
	c.Lock()
	c.closed = true
	c.Unlock()
}

func (s *server) CloseMain() {
	s.main.Lock()
	defer s.main.Unlock()
	closeConn(s.main) // want `this call reaches a Lock of s.main.Mutex \(through closeConn\)`
}

// Fixed: the lock helper's callers unlock before flushing; other connections are other mutexes.
func (c *conn) WriteFixed(p []byte) error {
	c.lock()
	c.buf = append(c.buf, p...)
	c.Unlock()
	c.flush()
	return nil
}

func (s *server) CloseAll() {
	s.main.Lock()
	defer s.main.Unlock()
	for _, c := range s.conns {
		closeConn(c)
	}
}

// waitLocked is entered with c held: it unlocks while it waits and locks again before returning.
func (c *conn) waitLocked(done chan struct{}) {
	c.Unlock()
	<-done
	c.Lock()
}

func (c *conn) Wait(done chan struct{}) {
	c.Lock()
	c.waitLocked(done)
	c.closed = true
	c.Unlock()
}

// Recursion: the summary of a recursive group is found by iteration.
type node struct {
	mu       sync.Mutex
	children []*node
	parent   *node
	size     int
}

func (n *node) Total() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	total := n.size
	for _, c := range n.children {
		total += c.Total()
	}
	return total
}

func (n *node) Grow(d int) {
	n.mu.Lock()
	n.size += d
	n.mu.Unlock()
	if n.parent != nil {
		n.parent.Grow(d)
	}
}

func (n *node) Bump() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.Grow(1) // want `this call reaches a Lock of n.mu \(through Grow\)`
}

// A read lock taken twice on a mutex no other goroutine can reach (sync's own benchmark): no writer can
// wait in between.
func readTwice() int {
	var mu sync.RWMutex
	mu.RLock()
	mu.RLock()
	n := 1
	mu.RUnlock()
	mu.RUnlock()
	return n
}
