package timeoutresultabandoned

import (
	"errors"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Reply struct {
	Index uint64
	Nodes []string
}

type Conn interface {
	Call(method string) (Reply, error)
}

var errTimeout = errors.New("rpc error: timeout")

type Client struct {
	conn    Conn
	timeout time.Duration
}

type result struct {
	reply Reply
	err   error
}

func (c *Client) Call(method string) (Reply, error) {
	ch := make(chan result)
	go func() {
		r, err := c.conn.Call(method)
		ch <- result{r, err}
	}()
	select {
	case res := <-ch:
		return res.reply, res.err
	case <-time.After(c.timeout):
		return Reply{}, errTimeout
	}
}

type slowConn struct{ delay time.Duration }

func (s slowConn) Call(string) (Reply, error) {
	time.Sleep(s.delay)
	return Reply{Index: 42}, nil
}

func TestCallTimesOut(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := &Client{conn: slowConn{delay: 50 * time.Millisecond}, timeout: 10 * time.Millisecond}
		if _, err := c.Call("Catalog.ListNodes"); !errors.Is(err, errTimeout) {
			t.Errorf("err = %v", err)
		}
	})
}
