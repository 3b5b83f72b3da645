package conns

import (
	"bufio"
	"encoding/json"
	"net"
	"os"
	"sync"
	"time"
)

// The fix: the read loop decodes without the lock and takes it only to find the caller.
type fixedClient struct {
	mu      sync.Mutex
	conn    net.Conn
	enc     *json.Encoder
	dec     *json.Decoder
	pending map[uint64]chan response
}

func newFixedClient(conn net.Conn) *fixedClient {
	c := &fixedClient{conn: conn, enc: json.NewEncoder(conn), dec: json.NewDecoder(conn), pending: map[uint64]chan response{}}
	go c.readLoop()
	return c
}

func (c *fixedClient) readLoop() {
	for {
		var resp response
		if err := c.dec.Decode(&resp); err != nil {
			return
		}
		c.mu.Lock()
		ch := c.pending[resp.Seq]
		delete(c.pending, resp.Seq)
		c.mu.Unlock()
		if ch != nil {
			ch <- resp
		}
	}
}

func (c *fixedClient) call(seq uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.enc.Encode(request{Seq: seq})
}

// A synchronous exchange: each call writes its request and reads the answer under one lock; the peer answers
// the request this very call sent.
type syncClient struct {
	mu   sync.Mutex
	conn net.Conn
	r    *bufio.Reader
}

func newSyncClient(conn net.Conn) *syncClient { return &syncClient{conn: conn, r: bufio.NewReader(conn)} }

func (c *syncClient) Do(cmd string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.conn.Write([]byte(cmd + "\r\n")); err != nil {
		return "", err
	}
	return c.r.ReadString('\n')
}

func (c *syncClient) Ping() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := c.conn.Write([]byte("PING\r\n"))
	return err
}

// A read deadline ends the read under the lock: a poll, not a wait for ever.
type polledClient struct {
	mu   sync.Mutex
	conn net.Conn
	dec  *json.Decoder
}

func newPolledClient(conn net.Conn) *polledClient {
	c := &polledClient{conn: conn, dec: json.NewDecoder(conn)}
	go c.loop()
	return c
}

func (c *polledClient) loop() {
	for {
		c.mu.Lock()
		c.conn.SetReadDeadline(time.Now().Add(time.Second))
		var v response
		err := c.dec.Decode(&v)
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (c *polledClient) send(v request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	json.NewEncoder(c.conn).Encode(v)
}

// Writes take their own lock, not the one the reader holds.
type splitLocks struct {
	readMu  sync.Mutex
	writeMu sync.Mutex
	conn    net.Conn
	dec     *json.Decoder
}

func newSplitLocks(conn net.Conn) *splitLocks {
	s := &splitLocks{conn: conn, dec: json.NewDecoder(conn)}
	go s.loop()
	return s
}

func (s *splitLocks) loop() {
	for {
		s.readMu.Lock()
		var v response
		err := s.dec.Decode(&v)
		s.readMu.Unlock()
		if err != nil {
			return
		}
	}
}

func (s *splitLocks) send(v request) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	json.NewEncoder(s.conn).Encode(v)
}

// The conn is handed to code we do not see, which may write to it without the lock.
type handedOff struct {
	mu   sync.Mutex
	conn net.Conn
	dec  *json.Decoder
}

func newHandedOff(conn net.Conn, register func(net.Conn)) *handedOff {
	h := &handedOff{conn: conn, dec: json.NewDecoder(conn)}
	register(h.conn)
	go h.loop()
	return h
}

func (h *handedOff) loop() {
	for {
		h.mu.Lock()
		var v response
		err := h.dec.Decode(&v)
		h.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (h *handedOff) send(v request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	json.NewEncoder(h.conn).Encode(v)
}

// Not a conn: a decoder on standard input under a lock a writer to standard output takes.
type console struct {
	mu  sync.Mutex
	in  *json.Decoder
	out *json.Encoder
}

func newConsole() *console {
	c := &console{in: json.NewDecoder(os.Stdin), out: json.NewEncoder(os.Stdout)}
	go c.loop()
	return c
}

func (c *console) loop() {
	for {
		c.mu.Lock()
		var v request
		err := c.in.Decode(&v)
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (c *console) reply(v response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.out.Encode(v)
}
