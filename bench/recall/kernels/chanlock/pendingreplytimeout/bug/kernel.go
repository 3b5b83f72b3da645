package pendingreplytimeout

import (
	"errors"
	"log"
	"sync"
	"time"
)

var ErrTimeout = errors.New("rpc: call timed out")

// testHookTimedOut runs when a call has given up, before it unregisters (tests use it to order events).
var testHookTimedOut = func(seq uint64) {}

type frame struct {
	seq     uint64
	payload string
}

// Client multiplexes calls over one connection: each call waits for the reply carrying its sequence number.
type Client struct {
	mu      sync.Mutex
	seq     uint64
	pending map[uint64]chan frame
	conn    chan frame // frames read from the wire
	sent    chan frame // frames written to the wire
	closed  bool
}

func NewClient(conn, sent chan frame) *Client {
	c := &Client{pending: make(map[uint64]chan frame), conn: conn, sent: sent}
	go c.readLoop()
	return c
}

func (c *Client) readLoop() {
	for f := range c.conn {
		c.mu.Lock()
		ch, ok := c.pending[f.seq]
		if !ok {
			c.mu.Unlock()
			log.Printf("rpc: reply for unknown call %d", f.seq)
			continue
		}
		delete(c.pending, f.seq)
		ch <- f // the caller may have given up already
		c.mu.Unlock()
	}
}

// Call sends a request and waits for its reply, at most timeout.
func (c *Client) Call(payload string, timeout time.Duration) (string, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return "", errors.New("rpc: client closed")
	}
	c.seq++
	seq := c.seq
	ch := make(chan frame)
	c.pending[seq] = ch
	c.mu.Unlock()

	c.sent <- frame{seq: seq, payload: payload}
	select {
	case f := <-ch:
		return f.payload, nil
	case <-time.After(timeout):
		testHookTimedOut(seq)
		c.mu.Lock()
		delete(c.pending, seq)
		c.mu.Unlock()
		return "", ErrTimeout
	}
}
