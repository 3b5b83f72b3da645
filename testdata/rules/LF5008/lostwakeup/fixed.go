package lostwakeup

import (
	"sync"
	"sync/atomic"
)

// The fix: the flag is set under the lock; the Broadcast may follow the Unlock.
type safeBuffer struct {
	mu     sync.Mutex
	cond   *sync.Cond
	msgs   [][]byte
	closed bool
}

func newSafeBuffer() *safeBuffer {
	b := &safeBuffer{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *safeBuffer) Pop() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.msgs) == 0 && !b.closed {
		b.cond.Wait()
	}
	if len(b.msgs) == 0 {
		return nil
	}
	m := b.msgs[0]
	b.msgs = b.msgs[1:]
	return m
}

func (b *safeBuffer) Close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.cond.Broadcast()
}

// An atomic flag, but the Broadcast is made while holding the lock: a waiter between its check and its Wait holds
// the lock, so the Broadcast comes after it sleeps.
type atomicBuffer struct {
	mu     sync.Mutex
	cond   *sync.Cond
	n      int
	closed int32
}

func newAtomicBuffer() *atomicBuffer {
	b := &atomicBuffer{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *atomicBuffer) Take() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.n == 0 {
		if atomic.LoadInt32(&b.closed) == 1 {
			return false
		}
		b.cond.Wait()
	}
	b.n--
	return true
}

func (b *atomicBuffer) Close() {
	atomic.StoreInt32(&b.closed, 1)
	b.mu.Lock()
	b.cond.Broadcast()
	b.mu.Unlock()
}

// A helper that signals, called only by a function holding the lock.
type counter struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func newCounter() *counter {
	c := &counter{}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *counter) waitFor(k int) {
	c.mu.Lock()
	for c.n < k {
		c.cond.Wait()
	}
	c.mu.Unlock()
}

func (c *counter) bump() {
	c.n++
	c.cond.Broadcast()
}

func (c *counter) Add() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bump()
}

// The signaller changes a field no waiter checks: its wake-up is not the one they wait for.
type stats struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
	pokes int
}

func newStats() *stats {
	s := &stats{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *stats) await() {
	s.mu.Lock()
	for !s.ready {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

func (s *stats) poke() {
	s.pokes++
	s.cond.Broadcast()
}

func (s *stats) markReady() {
	s.mu.Lock()
	s.ready = true
	s.cond.Broadcast()
	s.mu.Unlock()
}

// An embedded mutex taken through the promoted method: the change is made under the Cond's lock.
type memTransport struct {
	eof     bool
	pending [][]byte
	sync.Mutex
	*sync.Cond
}

func newMemTransport() *memTransport {
	t := &memTransport{}
	t.Cond = sync.NewCond(&t.Mutex)
	return t
}

func (t *memTransport) read() ([]byte, bool) {
	t.Lock()
	defer t.Unlock()
	for {
		if len(t.pending) > 0 {
			r := t.pending[0]
			t.pending = t.pending[1:]
			return r, true
		}
		if t.eof {
			return nil, false
		}
		t.Cond.Wait()
	}
}

func (t *memTransport) close() {
	t.Lock()
	defer t.Unlock()
	t.eof = true
	t.Cond.Broadcast()
}

// The Cond made with a mutex of its own, locked through its L: the change is made under the Cond's lock.
type plugin struct {
	activateWait *sync.Cond
	activated    bool
	err          error
}

func newPlugin() *plugin { return &plugin{activateWait: sync.NewCond(&sync.Mutex{})} }

func (p *plugin) activate(err error) {
	p.activateWait.L.Lock()
	p.err = err
	p.activated = true
	p.activateWait.L.Unlock()
	p.activateWait.Broadcast()
}

func (p *plugin) waitActive() error {
	p.activateWait.L.Lock()
	for !p.activated && p.err == nil {
		p.activateWait.Wait()
	}
	p.activateWait.L.Unlock()
	return p.err
}
