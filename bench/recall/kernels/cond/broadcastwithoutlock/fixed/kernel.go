package broadcastwithoutlock

import (
	"errors"
	"io"
	"sync"
	"sync/atomic"
)

var errBufferFull = errors.New("log buffer full")

// LogBuffer holds a container's log messages between the copier that writes them and the driver
// that ships them.
type LogBuffer struct {
	mu      sync.Mutex
	cond    *sync.Cond
	msgs    [][]byte
	size    int
	maxSize int
	closed  int32 // atomic: IsClosed is called on the hot path without the lock
	// beforeWait runs in Pop with the lock held, after the checks and before Wait (a testing hook).
	beforeWait func()
}

func NewLogBuffer(maxSize int) *LogBuffer {
	b := &LogBuffer{maxSize: maxSize}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *LogBuffer) IsClosed() bool { return atomic.LoadInt32(&b.closed) == 1 }

func (b *LogBuffer) Push(msg []byte) error {
	if b.IsClosed() {
		return io.ErrClosedPipe
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.size+len(msg) > b.maxSize {
		return errBufferFull
	}
	b.msgs = append(b.msgs, msg)
	b.size += len(msg)
	b.cond.Signal()
	return nil
}

// Pop waits for a message; it returns io.EOF once the buffer is closed and drained.
func (b *LogBuffer) Pop() ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.msgs) == 0 {
		if b.IsClosed() {
			return nil, io.EOF
		}
		if b.beforeWait != nil {
			b.beforeWait()
		}
		b.cond.Wait()
	}
	msg := b.msgs[0]
	b.msgs = b.msgs[1:]
	b.size -= len(msg)
	return msg, nil
}

// Close wakes the readers; they drain what is left and then see io.EOF. The flag is set under the
// lock: a reader between its check and its Wait would otherwise miss the Broadcast.
func (b *LogBuffer) Close() {
	b.mu.Lock()
	atomic.StoreInt32(&b.closed, 1)
	b.mu.Unlock()
	b.cond.Broadcast()
}

// Ship pops messages and hands them to send until the buffer is closed.
func Ship(b *LogBuffer, send func([]byte) error) error {
	for {
		msg, err := b.Pop()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := send(msg); err != nil {
			return err
		}
	}
}
