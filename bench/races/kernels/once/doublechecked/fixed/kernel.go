package doublechecked

import "sync"

type conn struct{ addr string }

// Client connects to its target lazily on the first call, as a client connection resolves its
// target on first use.
type Client struct {
	target string
	once   sync.Once
	conn   *conn
}

func NewClient(target string) *Client { return &Client{target: target} }

func (c *Client) connect() { c.conn = &conn{addr: c.target} }

// Call always goes through the Once: after the first call Do is one atomic load.
func (c *Client) Call(method string) string {
	c.once.Do(c.connect)
	return c.conn.addr + "/" + method
}
