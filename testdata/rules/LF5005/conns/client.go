package conns

import (
	"bufio"
	"encoding/json"
	"net"
	"sync"
)

type request struct {
	Seq    uint64
	Method string
}

type response struct {
	Seq   uint64
	Reply string
}

// A multiplexing client whose read loop holds the client lock while it waits for the next response, while
// call needs that lock to send the request the response would answer.
type client struct {
	mu      sync.Mutex
	conn    net.Conn
	enc     *json.Encoder
	dec     *json.Decoder
	seq     uint64
	pending map[uint64]chan response
}

func newClient(conn net.Conn) *client {
	c := &client{conn: conn, enc: json.NewEncoder(conn), dec: json.NewDecoder(conn), pending: map[uint64]chan response{}}
	go c.readLoop()
	return c
}

func (c *client) readLoop() {
	for {
		c.mu.Lock()
		var resp response
		if err := c.dec.Decode(&resp); err != nil { // want `readLoop reads from the connection c\.dec while holding c\.mu .*call, which writes to that connection, locks client\.mu before it does`
			c.mu.Unlock()
			return
		}
		ch := c.pending[resp.Seq]
		delete(c.pending, resp.Seq)
		c.mu.Unlock()
		if ch != nil {
			ch <- resp
		}
	}
}

func (c *client) call(method string) response {
	ch := make(chan response, 1)
	c.mu.Lock()
	c.seq++
	c.pending[c.seq] = ch
	err := c.enc.Encode(request{Seq: c.seq, Method: method})
	c.mu.Unlock()
	if err != nil {
		return response{}
	}
	return <-ch
}

func (c *client) close() error { return c.conn.Close() }

// A line protocol: the reader is a bufio.Reader on the conn field, and the request is written by a helper
// every caller of which holds the lock.
type lineClient struct {
	mu     sync.Mutex
	conn   net.Conn
	r      *bufio.Reader
	lines  chan string
}

func dialLine(addr string) (*lineClient, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	lc := &lineClient{conn: conn, lines: make(chan string, 16)}
	lc.r = bufio.NewReader(lc.conn)
	go lc.recv()
	return lc, nil
}

func (lc *lineClient) recv() {
	for {
		lc.mu.Lock()
		line, err := lc.r.ReadString('\n') // want `recv reads from the connection lc\.r while holding lc\.mu .*writeLine, which writes to that connection, runs only after its caller has locked lineClient\.mu`
		lc.mu.Unlock()
		if err != nil {
			close(lc.lines)
			return
		}
		lc.lines <- line
	}
}

func (lc *lineClient) writeLine(s string) error {
	_, err := lc.conn.Write([]byte(s + "\n"))
	return err
}

func (lc *lineClient) Send(s string) error {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return lc.writeLine(s)
}
