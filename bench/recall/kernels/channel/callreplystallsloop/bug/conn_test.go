package callreplystallsloop

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var (
	errTimeout = errors.New("rpc: call timed out")
	errClosed  = errors.New("rpc: connection closed")
)

type reply struct {
	body string
	err  error
}

// call is one request queued on the connection; the connection's loop answers it on done.
type call struct {
	method string
	args   string
	seq    uint64
	done   chan reply
}

func (c *call) finish(r reply) {
	c.done <- r
}

type codec interface {
	roundTrip(method, args string) (string, error)
}

// Conn multiplexes calls onto one codec from a single loop goroutine.
type Conn struct {
	addr    string
	codec   codec
	calls   chan *call
	quit    chan struct{}
	timeout time.Duration
	seq     uint64
}

func Dial(addr string, cd codec, timeout time.Duration) *Conn {
	c := &Conn{addr: addr, codec: cd, calls: make(chan *call), quit: make(chan struct{}), timeout: timeout}
	go c.loop()
	return c
}

func (c *Conn) loop() {
	for {
		select {
		case cl := <-c.calls:
			c.seq++
			cl.seq = c.seq
			c.serve(cl)
		case <-c.quit:
			return
		}
	}
}

func (c *Conn) serve(cl *call) {
	body, err := c.codec.roundTrip(cl.method, cl.args)
	if err != nil {
		err = fmt.Errorf("%s %s: %w", c.addr, cl.method, err)
	}
	cl.finish(reply{body: body, err: err})
}

// Call queues the request and waits for its reply, giving up after the connection's timeout.
func (c *Conn) Call(method, args string) (string, error) {
	cl := &call{method: method, args: args, done: make(chan reply)}
	select {
	case c.calls <- cl:
	case <-c.quit:
		return "", errClosed
	}
	select {
	case r := <-cl.done:
		return r.body, r.err
	case <-time.After(c.timeout):
		return "", errTimeout
	}
}

func (c *Conn) Close() { close(c.quit) }

type slowCodec struct{ delay map[string]time.Duration }

func (s slowCodec) roundTrip(method, args string) (string, error) {
	time.Sleep(s.delay[method])
	return method + "(" + args + ")", nil
}

func TestCallAfterTimeout(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		cd := slowCodec{delay: map[string]time.Duration{"Catalog.Services": 50 * time.Millisecond}}
		c := Dial("10.0.0.7:8300", cd, 20*time.Millisecond)
		defer c.Close()
		if _, err := c.Call("Catalog.Services", "dc1"); !errors.Is(err, errTimeout) {
			t.Errorf("first call: %v", err)
		}
		if _, err := c.Call("Status.Leader", ""); err != nil {
			t.Errorf("second call: %v", err)
		}
	})
}
