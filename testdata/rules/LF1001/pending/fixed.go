package pending

import (
	"context"
	"sync"
	"time"
)

// The fix: a reply channel with room for the one reply, so the send never waits.
type bufferedClient struct {
	mu      sync.Mutex
	pending map[int]chan reply
}

func (c *bufferedClient) call(id int, timeout time.Duration) error {
	ch := make(chan reply, 1)
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
	select {
	case r := <-ch:
		return r.err
	case <-time.After(timeout):
		return nil
	}
}

func (c *bufferedClient) dispatch(r reply) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.pending[r.id]; ok {
		ch <- r
		delete(c.pending, r.id)
	}
}

// The other fix: the sender does not wait for a receiver that may be gone.
type politeClient struct {
	mu      sync.Mutex
	pending map[int]chan reply
}

func (c *politeClient) call(ctx context.Context, id int) error {
	ch := make(chan reply)
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
	select {
	case r := <-ch:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *politeClient) dispatch(r reply) {
	c.mu.Lock()
	ch := c.pending[r.id]
	c.mu.Unlock()
	select {
	case ch <- r:
	default:
	}
}

// A waiter that never leaves: it receives without a select, so every reply is taken.
type patientClient struct {
	mu      sync.Mutex
	pending map[int]chan reply
}

func (c *patientClient) call(id int) error {
	ch := make(chan reply)
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
	r := <-ch
	return r.err
}

func (c *patientClient) dispatch(r reply) {
	c.mu.Lock()
	ch := c.pending[r.id]
	c.mu.Unlock()
	ch <- r
}

// A waiter whose only way out is the connection's shutdown, which the read loop itself closes after its last
// send: it never leaves while a send is coming (net/rpc's shape).
type conn struct {
	mu       sync.Mutex
	pending  map[int]chan reply
	shutdown chan struct{}
	in       chan reply
}

func newConn() *conn {
	c := &conn{pending: make(map[int]chan reply), shutdown: make(chan struct{}), in: make(chan reply)}
	go c.readLoop()
	return c
}

func (c *conn) call(id int) error {
	ch := make(chan reply)
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
	select {
	case r := <-ch:
		return r.err
	case <-c.shutdown:
		return nil
	}
}

func (c *conn) readLoop() {
	defer close(c.shutdown)
	for r := range c.in {
		c.mu.Lock()
		ch := c.pending[r.id]
		delete(c.pending, r.id)
		c.mu.Unlock()
		ch <- r
	}
}

// A waiter that drains the reply after its timeout: the sender is never stranded.
type drainingClient struct {
	mu      sync.Mutex
	pending map[int]chan reply
}

func (c *drainingClient) call(id int, timeout time.Duration) error {
	ch := make(chan reply)
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
	select {
	case r := <-ch:
		return r.err
	case <-time.After(timeout):
		go func() { <-ch }()
		return nil
	}
}

func (c *drainingClient) dispatch(r reply) {
	c.mu.Lock()
	ch := c.pending[r.id]
	c.mu.Unlock()
	ch <- r
}

// Replies as closes: close never waits.
type closingClient struct {
	mu      sync.Mutex
	pending map[int]chan struct{}
}

func (c *closingClient) wait(ctx context.Context, id int) error {
	ch := make(chan struct{})
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *closingClient) done(id int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.pending[id])
	delete(c.pending, id)
}

// Some channels of the class are made elsewhere with a buffer: we cannot tell which a send reaches.
type mixedClient struct {
	mu      sync.Mutex
	pending map[int]chan reply
}

func (c *mixedClient) call(id int, timeout time.Duration) error {
	ch := make(chan reply)
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
	select {
	case r := <-ch:
		return r.err
	case <-time.After(timeout):
		return nil
	}
}

func (c *mixedClient) register(id int, ch chan reply) {
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
}

func (c *mixedClient) dispatch(r reply) {
	c.mu.Lock()
	ch := c.pending[r.id]
	c.mu.Unlock()
	ch <- r
}
