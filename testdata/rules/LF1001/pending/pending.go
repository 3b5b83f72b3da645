package pending

import (
	"context"
	"errors"
	"sync"
	"time"
)

type reply struct {
	id  int
	err error
}

// A client registers an unbuffered reply channel per call and waits for it with a timeout; its read loop
// hands each reply over while it still holds the lock. After a timeout nobody receives, and the read loop
// blocks for ever holding c.mu, which the timed-out caller then waits for.
type client struct {
	mu      sync.Mutex
	nextID  int
	pending map[int]chan reply
	in      chan reply
}

func newClient() *client {
	c := &client{pending: make(map[int]chan reply), in: make(chan reply)}
	go c.readLoop()
	return c
}

func (c *client) readLoop() {
	for r := range c.in {
		c.mu.Lock()
		if ch, ok := c.pending[r.id]; ok {
			ch <- r // want `this send on ch blocks for ever once call has stopped waiting: call hands an unbuffered channel over through c\.pending \(line 47\) and receives from it only in a select that also leaves when time\.After fires \(line 52\), after which nothing receives what this sends`
			delete(c.pending, r.id)
		}
		c.mu.Unlock()
	}
}

func (c *client) call(timeout time.Duration) error {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan reply)
	c.pending[id] = ch
	c.mu.Unlock()
	select {
	case r := <-ch:
		return r.err
	case <-time.After(timeout):
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
		return errors.New("timeout")
	}
}

// The same with a context, the sender taking the channel out under the lock and sending after it: when the
// caller's context ends first, the dispatcher blocks for ever.
type dispatcher struct {
	mu      sync.Mutex
	waiters map[string]chan []byte
}

func (d *dispatcher) wait(ctx context.Context, key string) ([]byte, error) {
	ch := make(chan []byte)
	d.mu.Lock()
	d.waiters[key] = ch
	d.mu.Unlock()
	select {
	case b := <-ch:
		return b, nil
	case <-ctx.Done():
		d.mu.Lock()
		delete(d.waiters, key)
		d.mu.Unlock()
		return nil, ctx.Err()
	}
}

func (d *dispatcher) deliver(key string, b []byte) {
	d.mu.Lock()
	ch := d.waiters[key]
	delete(d.waiters, key)
	d.mu.Unlock()
	if ch != nil {
		ch <- b // want `this send on ch blocks for ever once wait has stopped waiting: wait hands an unbuffered channel over through d\.waiters \(line 70\) and receives from it only in a select that also leaves when ctx\.Done\(\) fires \(line 75\)`
	}
}

// Failing every waiter on shutdown: each send blocks on the first waiter that timed out.
func (d *dispatcher) failAll() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for k, ch := range d.waiters {
		ch <- nil // want `this send on ch blocks for ever once wait has stopped waiting`
		delete(d.waiters, k)
	}
}

func (d *dispatcher) deliverDirect(key string, b []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.waiters[key] <- b // want `this send on d\.waiters\[key\] blocks for ever once wait has stopped waiting`
}
