package outboxunderlock

import (
	"io"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type message struct {
	typ  int
	body []byte
}

type Connection struct {
	mu      sync.Mutex
	nextID  int
	sent    int
	outbox  chan message
	w       io.Writer
	closed  chan struct{}
	writerD chan struct{}
}

func NewConnection(w io.Writer) *Connection {
	c := &Connection{outbox: make(chan message, 2), w: w, closed: make(chan struct{}), writerD: make(chan struct{})}
	go c.writer()
	return c
}

func (c *Connection) writer() {
	defer close(c.writerD)
	for {
		select {
		case <-c.closed:
			return
		case m := <-c.outbox:
			c.w.Write(m.body)
			c.mu.Lock()
			c.sent++
			c.mu.Unlock()
		}
	}
}

// Send numbers the message and queues it for the writer.
func (c *Connection) Send(typ int, body []byte) {
	c.mu.Lock()
	c.nextID++
	c.mu.Unlock()
	c.outbox <- message{typ: typ, body: body}
}

func (c *Connection) Close() {
	close(c.closed)
	<-c.writerD
}

type slowWriter struct{}

func (slowWriter) Write(p []byte) (int, error) {
	time.Sleep(20 * time.Millisecond)
	return len(p), nil
}

func TestSendFasterThanTheWire(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewConnection(slowWriter{})
		for i := 0; i < 6; i++ {
			c.Send(5, []byte("Index folder=default"))
		}
		c.Close()
	})
}
