package waiting

import (
	"io"
	"sync"
)

type outMessage struct {
	typ  int
	body []byte
}

// A connection that numbers messages under its lock and queues them in a buffered outbox; the writer takes
// the lock to count each message it wrote, so once the outbox is full Send waits for a writer that waits for Send.
type connection struct {
	mu     sync.Mutex
	nextID int
	sent   int
	outbox chan outMessage
	w      io.Writer
	closed chan struct{}
}

func newConnection(w io.Writer) *connection {
	c := &connection{outbox: make(chan outMessage, 16), w: w, closed: make(chan struct{})}
	go c.writer()
	return c
}

func (c *connection) writer() {
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

func (c *connection) Send(typ int, body []byte) {
	c.mu.Lock()
	c.nextID++
	c.outbox <- outMessage{typ: typ, body: body} // want `Send sends on c.outbox while holding c.mu \(locked at line 45\), and once its buffer of 16 is full the send waits for writer`
	c.mu.Unlock()
}

// The fix: number under the lock, queue after releasing it.
type fixedConnection struct {
	mu     sync.Mutex
	nextID int
	sent   int
	outbox chan outMessage
	w      io.Writer
}

func newFixedConnection(w io.Writer) *fixedConnection {
	c := &fixedConnection{outbox: make(chan outMessage, 16), w: w}
	go c.writer()
	return c
}

func (c *fixedConnection) writer() {
	for m := range c.outbox {
		c.w.Write(m.body)
		c.mu.Lock()
		c.sent++
		c.mu.Unlock()
	}
}

func (c *fixedConnection) Send(typ int, body []byte) {
	c.mu.Lock()
	c.nextID++
	c.mu.Unlock()
	c.outbox <- outMessage{typ: typ, body: body}
}

// A writer that never takes the connection's lock: the buffer drains whatever Send holds.
type plainConnection struct {
	mu     sync.Mutex
	nextID int
	outbox chan outMessage
	w      io.Writer
}

func newPlainConnection(w io.Writer) *plainConnection {
	c := &plainConnection{outbox: make(chan outMessage, 16), w: w}
	go c.writer()
	return c
}

func (c *plainConnection) writer() {
	for m := range c.outbox {
		c.w.Write(m.body)
	}
}

func (c *plainConnection) Send(typ int, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextID++
	c.outbox <- outMessage{typ: typ, body: body}
}

// A capacity computed at run time: a buffer of a size not known, which fills like any other (drain locks q.mu
// between receives).
type sizedQueue struct {
	mu    sync.Mutex
	n     int
	items chan int
}

func newSizedQueue(size int) *sizedQueue {
	q := &sizedQueue{items: make(chan int, size)}
	go q.drain()
	return q
}

func (q *sizedQueue) drain() {
	for range q.items {
		q.mu.Lock()
		q.n--
		q.mu.Unlock()
	}
}

func (q *sizedQueue) Push(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.n++
	q.items <- v // want `Push sends on q.items while holding q.mu .*once its buffer \(of a size computed where it is made\) is full the send waits for drain`
}

// A stop channel with room for one signal: the loop takes it and leaves, so the buffer fills only once the
// loop is gone (a send after the exit), never while it waits for the lock.
type renewer struct {
	mu     sync.RWMutex
	cancel chan bool
	expiry int
}

func (r *renewer) start() {
	r.mu.Lock()
	r.cancel = make(chan bool, 1)
	r.mu.Unlock()
	go func() {
		for {
			r.mu.RLock()
			e := r.expiry
			r.mu.RUnlock()
			select {
			case <-r.cancel:
				return
			default:
				_ = e
			}
		}
	}()
}

func (r *renewer) destroy() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		r.cancel <- true
	}
	r.expiry = 0
}
