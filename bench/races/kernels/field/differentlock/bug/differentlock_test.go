package differentlock

import (
	"sync"
	"testing"
)

// Conn is a connection wrapper that counts the bytes it writes, as a container attach stream does.
// Two mutexes: mu guards the state, statsMu the counters, so writes do not wait on state changes.
type Conn struct {
	mu    sync.Mutex
	state string

	statsMu sync.Mutex
	sent    int
}

func (c *Conn) Write(p []byte) (int, error) {
	c.statsMu.Lock()
	c.sent += len(p)
	c.statsMu.Unlock()
	return len(p), nil
}

func (c *Conn) SetState(s string) {
	c.mu.Lock()
	c.state = s
	c.mu.Unlock()
}

// Stats reports the state and the bytes sent; it takes the state's lock for both.
func (c *Conn) Stats() (string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state, c.sent
}

func TestStatsWhileWriting(t *testing.T) {
	c := &Conn{}
	c.SetState("open")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 1000; i++ {
			c.Write([]byte("frame"))
		}
	}()
	for i := 0; i < 100; i++ {
		if state, n := c.Stats(); state != "open" || n < 0 {
			t.Fatalf("bad stats %q %d", state, n)
		}
	}
	<-done
	if _, n := c.Stats(); n != 5000 {
		t.Fatalf("sent %d bytes, want 5000", n)
	}
}
