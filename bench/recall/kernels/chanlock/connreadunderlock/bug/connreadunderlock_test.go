package connreadunderlock

import (
	"encoding/json"
	"errors"
	"io"
	"log"
	"net"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var errConnClosed = errors.New("connection closed")

type Request struct {
	Seq    uint64          `json:"seq"`
	Method string          `json:"method"`
	Args   json.RawMessage `json:"args,omitempty"`
}

type Response struct {
	Seq   uint64          `json:"seq"`
	Error string          `json:"error,omitempty"`
	Reply json.RawMessage `json:"reply,omitempty"`
}

// Client multiplexes calls over one connection; a read loop hands each response to its caller.
type Client struct {
	mu      sync.Mutex // guards the codec, seq and pending
	conn    net.Conn
	enc     *json.Encoder
	dec     *json.Decoder
	seq     uint64
	pending map[uint64]chan Response
	closed  bool
	logf    func(format string, args ...interface{})
}

func NewClient(conn net.Conn) *Client {
	c := &Client{
		conn:    conn,
		enc:     json.NewEncoder(conn),
		dec:     json.NewDecoder(conn),
		pending: make(map[uint64]chan Response),
		logf:    log.Printf,
	}
	go c.readLoop()
	return c
}

func (c *Client) readLoop() {
	for {
		c.mu.Lock()
		var resp Response
		err := c.dec.Decode(&resp)
		if err != nil {
			c.failPendingLocked(err)
			c.mu.Unlock()
			return
		}
		ch, ok := c.pending[resp.Seq]
		delete(c.pending, resp.Seq)
		c.mu.Unlock()
		if !ok {
			c.logf("rpc: response for unknown call %d", resp.Seq)
			continue
		}
		ch <- resp
	}
}

func (c *Client) failPendingLocked(err error) {
	if !errors.Is(err, io.EOF) && !c.closed {
		c.logf("rpc: read: %v", err)
	}
	c.closed = true
	for seq, ch := range c.pending {
		ch <- Response{Seq: seq, Error: errConnClosed.Error()}
		delete(c.pending, seq)
	}
}

// Call sends a request and waits for its response.
func (c *Client) Call(method string) (Response, error) {
	ch := make(chan Response, 1)
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return Response{}, errConnClosed
	}
	c.seq++
	req := Request{Seq: c.seq, Method: method}
	c.pending[req.Seq] = ch
	err := c.enc.Encode(req)
	c.mu.Unlock()
	if err != nil {
		return Response{}, err
	}
	resp := <-ch
	if resp.Error != "" {
		return resp, errors.New(resp.Error)
	}
	return resp, nil
}

func (c *Client) Close() error { return c.conn.Close() }

// serveEcho answers every request on conn until it is closed.
func serveEcho(conn net.Conn) {
	dec, enc := json.NewDecoder(conn), json.NewEncoder(conn)
	for {
		var req Request
		if err := dec.Decode(&req); err != nil {
			conn.Close()
			return
		}
		enc.Encode(Response{Seq: req.Seq, Reply: json.RawMessage(`"ok"`)})
	}
}

func TestCall(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		client, server := net.Pipe()
		go serveEcho(server)
		c := NewClient(client)
		c.logf = t.Logf
		time.Sleep(20 * time.Millisecond) // the read loop is waiting for the first response
		if _, err := c.Call("Status.Ping"); err != nil {
			t.Errorf("call: %v", err)
		}
		c.Close()
	})
}
