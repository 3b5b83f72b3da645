package peercloseboth

import (
	"errors"
	"sync"
	"time"
)

var errClosed = errors.New("pipe: read/write on closed end")

// end is one side of an in-memory connection; each side knows its peer.
type end struct {
	name string
	peer *end

	mu           sync.Mutex
	buf          [][]byte
	closed       bool
	remoteClosed bool
	written      int
}

// Pipe returns the two ends of an in-memory connection, as a test transport would.
func Pipe() (client, server *end) {
	client = &end{name: "client"}
	server = &end{name: "server"}
	client.peer, server.peer = server, client
	return client, server
}

func (e *end) Write(b []byte) (int, error) {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return 0, errClosed
	}
	e.mu.Unlock()
	return e.peer.deliver(b)
}

func (e *end) deliver(b []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return 0, errClosed
	}
	e.buf = append(e.buf, append([]byte(nil), b...))
	return len(b), nil
}

func (e *end) Read() ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.buf) == 0 {
		if e.closed || e.remoteClosed {
			return nil, errClosed
		}
		return nil, nil
	}
	b := e.buf[0]
	e.buf = e.buf[1:]
	return b, nil
}

// flushLocked hands what is still buffered to the peer's reader side before the end goes away.
func (e *end) flushLocked() {
	if len(e.buf) > 0 {
		time.Sleep(10 * time.Millisecond)
		e.buf = nil
	}
}

// Close closes this end and tells the peer, so that its reads see EOF.
func (e *end) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	e.flushLocked()
	e.peer.markRemoteClosed()
	return nil
}

func (e *end) markRemoteClosed() {
	e.mu.Lock()
	e.remoteClosed = true
	e.mu.Unlock()
}
