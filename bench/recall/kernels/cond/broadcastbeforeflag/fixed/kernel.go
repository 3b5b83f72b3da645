package broadcastbeforeflag

import (
	"sync"
	"time"
)

type LogEntry struct {
	Container string
	Stream    string
	Line      string
}

// LogBuffer holds a container's log lines for followers until the container's log driver closes it.
type LogBuffer struct {
	mu      sync.Mutex
	cond    *sync.Cond
	entries []LogEntry
	closed  bool
	flushed int
}

func NewLogBuffer() *LogBuffer {
	b := &LogBuffer{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *LogBuffer) Append(e LogEntry) {
	b.mu.Lock()
	b.entries = append(b.entries, e)
	b.mu.Unlock()
	b.cond.Broadcast()
}

// Next returns the next entry, or false once the buffer is closed and empty.
func (b *LogBuffer) Next() (LogEntry, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.entries) == 0 && !b.closed {
		b.cond.Wait()
	}
	if len(b.entries) == 0 {
		return LogEntry{}, false
	}
	e := b.entries[0]
	b.entries = b.entries[1:]
	return e, true
}

// Close flushes what the driver still holds, marks the buffer closed, and wakes the followers.
func (b *LogBuffer) Close() {
	b.flushDriver()
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	// Wake the followers after the change they wait for, or they check, see nothing, and sleep again.
	b.cond.Broadcast()
}

func (b *LogBuffer) flushDriver() {
	time.Sleep(5 * time.Millisecond) // the json-file driver syncs its file
	b.mu.Lock()
	b.flushed = len(b.entries)
	b.mu.Unlock()
}
