package lostwakeup

import (
	"io"
	"sync"
	"sync/atomic"
)

// A log buffer whose Close marks it closed atomically and broadcasts without the lock: a Pop that has just seen
// it open (under the lock) and is about to Wait sleeps through the Broadcast.
type logBuffer struct {
	mu     sync.Mutex
	cond   *sync.Cond
	msgs   [][]byte
	closed int32
}

func newLogBuffer() *logBuffer {
	b := &logBuffer{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *logBuffer) isClosed() bool { return atomic.LoadInt32(&b.closed) == 1 }

func (b *logBuffer) Push(m []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.msgs = append(b.msgs, m)
	b.cond.Signal()
}

func (b *logBuffer) Pop() ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.msgs) == 0 {
		if b.isClosed() {
			return nil, io.EOF
		}
		b.cond.Wait()
	}
	m := b.msgs[0]
	b.msgs = b.msgs[1:]
	return m, nil
}

func (b *logBuffer) Close() {
	atomic.StoreInt32(&b.closed, 1)
	b.cond.Broadcast() // want `Close changes b.closed \(line 48\) and broadcasts b.cond without holding logBuffer.mu, the Cond's lock: a waiter in Pop that has just checked b.closed \(line 37\) under the lock and not yet called Wait misses the change and the wake-up`
}

// A plain flag in the loop's condition, set and signalled without the lock.
type gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func newGate() *gate {
	g := &gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *gate) Wait() {
	g.mu.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func (g *gate) Open() {
	g.open = true
	g.cond.Signal() // want `Open changes g.open \(line 74\) and signals g.cond without holding gate.mu`
}
