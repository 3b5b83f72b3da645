package computedbuffer

import (
	"sync"
	"time"
)

// A bounded queue behind Put/Get methods, its size given by the caller. A config cache queues change events
// under its lock; the dispatcher takes one, debounces, and reads the cache under its read lock before it takes
// the next. A burst fills the queue while the dispatcher sleeps: the next Set blocks in Put holding the lock
// the dispatcher needs before it can Get again.

type Queue[T any] struct {
	ch chan T
}

func NewQueue[T any](size int) *Queue[T] { return &Queue[T]{ch: make(chan T, size)} }

func (q *Queue[T]) Put(v T) { q.ch <- v }

func (q *Queue[T]) Get() (T, bool) {
	v, ok := <-q.ch
	return v, ok
}

type Cache struct {
	mu       sync.RWMutex
	configs  map[string]int
	events   *Queue[string]
	debounce time.Duration
	push     func(map[string]int)
}

func NewCache(size int, push func(map[string]int)) *Cache {
	c := &Cache{configs: map[string]int{}, events: NewQueue[string](size), push: push}
	go c.dispatch()
	return c
}

func (c *Cache) Set(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.configs[name]++
	c.events.Put(name) // want `Set sends on c.events.ch \(in Put, line 19\) while holding c.mu .*once its buffer \(of a size computed where it is made\) is full the send waits for dispatch`
}

// The fix: queue the event after unlocking. Silent.
func (c *Cache) SetReleased(name string) {
	c.mu.Lock()
	c.configs[name]++
	c.mu.Unlock()
	c.events.Put(name)
}

func (c *Cache) snapshot() map[string]int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make(map[string]int, len(c.configs))
	for k, v := range c.configs {
		out[k] = v
	}
	return out
}

func (c *Cache) dispatch() {
	for {
		if _, ok := c.events.Get(); !ok {
			return
		}
		time.Sleep(c.debounce)
		c.push(c.snapshot())
	}
}

// A log whose buffer is computed in one place and constant in another: its size is not one thing. Silent.
type Log struct {
	mu      sync.Mutex
	lines   chan string
	written int
}

func NewLog(size int) *Log {
	l := &Log{lines: make(chan string, size)}
	go l.drain()
	return l
}

func NewSmallLog() *Log {
	l := &Log{lines: make(chan string, 4)}
	go l.drain()
	return l
}

func (l *Log) Write(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines <- s
}

func (l *Log) drain() {
	for range l.lines {
		l.mu.Lock()
		l.written++
		l.mu.Unlock()
	}
}

// A worker whose receive loop never takes the lock: a full buffer drains on its own. Silent.
type Batcher struct {
	mu    sync.Mutex
	n     int
	items chan int
	out   func(int)
}

func NewBatcher(size int, out func(int)) *Batcher {
	b := &Batcher{items: make(chan int, size), out: out}
	go b.run()
	return b
}

func (b *Batcher) Add(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n++
	b.items <- v
}

func (b *Batcher) run() {
	for v := range b.items {
		b.out(v)
	}
}

// A log driver whose worker takes the lock only once the stream is closed, and then leaves: it locks after
// its last receive, never between two, so a full buffer still drains. Silent.
type driver struct {
	lock   sync.RWMutex
	closed bool
	stream chan string
	post   func([]string)
}

func newDriver(size int, post func([]string)) *driver {
	d := &driver{stream: make(chan string, size), post: post}
	go d.worker()
	return d
}

func (d *driver) Log(line string) {
	d.lock.RLock()
	defer d.lock.RUnlock()
	d.stream <- line
}

func (d *driver) worker() {
	var batch []string
	for {
		select {
		case line, open := <-d.stream:
			if !open {
				d.post(batch)
				d.lock.Lock()
				d.closed = true
				d.lock.Unlock()
				return
			}
			batch = append(batch, line)
		case <-time.After(time.Second):
			d.post(batch)
			batch = nil
		}
	}
}
