package waitloopignoresclose

import (
	"errors"
	"sync"
	"time"
)

var errClosed = errors.New("closed")

type Message struct {
	Line      []byte
	Source    string
	Timestamp time.Time
}

// messageRing is a bounded queue that drops the oldest messages when full.
type messageRing struct {
	mu      sync.Mutex
	wait    *sync.Cond
	queue   []*Message
	maxSize int
	size    int
	closed  bool
}

func newRing(maxSize int) *messageRing {
	r := &messageRing{maxSize: maxSize}
	r.wait = sync.NewCond(&r.mu)
	return r
}

func (r *messageRing) Enqueue(m *Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return errClosed
	}
	for r.size+len(m.Line) > r.maxSize && len(r.queue) > 0 {
		r.size -= len(r.queue[0].Line)
		r.queue = r.queue[1:]
	}
	r.queue = append(r.queue, m)
	r.size += len(m.Line)
	r.wait.Signal()
	return nil
}

// Dequeue blocks until a message is available or the ring is closed.
func (r *messageRing) Dequeue() (*Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.queue) == 0 && !r.closed {
		r.wait.Wait()
	}
	if r.closed && len(r.queue) == 0 {
		return nil, errClosed
	}
	m := r.queue[0]
	r.queue = r.queue[1:]
	r.size -= len(m.Line)
	return m, nil
}

func (r *messageRing) Close() {
	r.mu.Lock()
	r.closed = true
	r.wait.Broadcast()
	r.mu.Unlock()
}

// Logger is the driver the ring buffers for.
type Logger interface {
	Log(*Message) error
}

type RingLogger struct {
	buffer  *messageRing
	l       Logger
	stopped chan struct{}
}

func NewRingLogger(l Logger, maxSize int) *RingLogger {
	rl := &RingLogger{buffer: newRing(maxSize), l: l, stopped: make(chan struct{})}
	go rl.run()
	return rl
}

func (rl *RingLogger) Log(m *Message) error { return rl.buffer.Enqueue(m) }

func (rl *RingLogger) run() {
	defer close(rl.stopped)
	for {
		m, err := rl.buffer.Dequeue()
		if err != nil {
			return
		}
		rl.l.Log(m)
	}
}

// Close stops accepting messages and waits until the pump has delivered what is queued.
func (rl *RingLogger) Close() error {
	rl.buffer.Close()
	<-rl.stopped
	return nil
}

type memLogger struct {
	mu    sync.Mutex
	lines []string
}

func (m *memLogger) Log(msg *Message) error {
	m.mu.Lock()
	m.lines = append(m.lines, string(msg.Line))
	m.mu.Unlock()
	return nil
}
