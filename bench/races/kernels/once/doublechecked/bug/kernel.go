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

// Call skips the Once when the connection looks ready.
func (c *Client) Call(method string) string {
	if c.conn == nil {
		c.once.Do(c.connect)
	}
	return c.conn.addr + "/" + method
}
