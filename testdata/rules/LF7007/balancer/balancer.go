package balancer

import (
	"sync"
	"sync/atomic"
)

// A sub-connection whose state the connecting goroutine sets under mu; the picker's State skips the lock.
type subConn struct {
	mu    sync.Mutex
	state string
	addr  string
	dial  func() error
}

func newSubConn(addr string) *subConn {
	return &subConn{addr: addr, state: "IDLE"}
}

func (sc *subConn) setState(s string) {
	sc.mu.Lock()
	sc.state = s
	sc.mu.Unlock()
}

func (sc *subConn) Connect() {
	go func() {
		sc.setState("CONNECTING")
		if sc.dial() != nil {
			sc.setState("TRANSIENT_FAILURE")
			return
		}
		sc.setState("READY")
	}()
}

func (sc *subConn) State() string {
	return sc.state // want `State reads sc\.state with no lock, but every write of state holds sc\.mu \(line 22\)`
}

// Negative: the address is set once by the constructor and never under the lock: nothing says mu guards it.
func (sc *subConn) Addr() string { return sc.addr }

// Negative: the read holds the lock (released by the deferred unlock at the return).
func (sc *subConn) Ready() bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.state == "READY"
}

// Negative: an early-return branch unlocks; the read after it still holds the lock.
func (sc *subConn) Describe(verbose bool) string {
	sc.mu.Lock()
	if !verbose {
		sc.mu.Unlock()
		return "subConn"
	}
	s := sc.addr + " " + sc.state
	sc.mu.Unlock()
	return s
}

// Negative: a method named for the lock its caller holds.
func (sc *subConn) StateLocked() string { return sc.state }

// Negative: an unexported method; its callers may hold the lock.
func (sc *subConn) stateNoLock() string { return sc.state }

// Two mutexes: counters under statsMu, the state under mu; Stats reads the counter under the wrong one.
type conn struct {
	mu    sync.Mutex
	state string

	statsMu sync.Mutex
	sent    int
	dropped atomic.Int64
}

func (c *conn) Write(p []byte) int {
	c.statsMu.Lock()
	c.sent += len(p)
	c.statsMu.Unlock()
	return len(p)
}

// pump writes the frames in the background: the counter's writes go on while callers read Stats.
func (c *conn) pump(frames [][]byte) {
	go func() {
		for _, f := range frames {
			c.Write(f)
		}
	}()
}

func (c *conn) SetState(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.state = s
}

func (c *conn) Stats() (string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state, c.sent // want `Stats reads c\.sent holding only c\.mu, but every write of sent holds c\.statsMu`
}

// Negative: each field under its own mutex, and an atomic counter read with Load.
func (c *conn) StatsFixed() (string, int, int64) {
	c.mu.Lock()
	state := c.state
	c.mu.Unlock()
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	return state, c.sent, c.dropped.Load()
}

// Negative: a field its writers do not agree on: one write holds the lock, another in a locking function does not.
type queue struct {
	mu     sync.Mutex
	items  []int
	closed bool
}

func (q *queue) Push(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.closed = false
}

func (q *queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
}

func (q *queue) Closed() bool { return q.closed }

// Negative: the path is set under the lock while opening, and no goroutine of the package writes it: read
// freely once Open has returned.
type store struct {
	mu   sync.Mutex
	path string
	open bool
}

func (s *store) Open(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.path = path
	s.open = true
}

func (s *store) Path() string { return s.path }

// Negative: the error is written before done is closed, and read only after receiving from done.
type muxSession struct {
	mu      sync.Mutex
	err     error
	done    chan struct{}
	streams chan int
}

func (s *muxSession) fail(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
	close(s.done)
}

func (s *muxSession) run() { go s.fail(nil) }

func (s *muxSession) Accept() (int, error) {
	select {
	case id := <-s.streams:
		return id, nil
	case <-s.done:
		return 0, s.err
	}
}

// Negative: the name says its caller holds the lock.
func (s *muxSession) ErrNoLock() error { return s.err }
