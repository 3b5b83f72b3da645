package waiterset

import (
	"sync"
	"time"
)

// Waiters by resource version; a waiter set has its own lock.
type waiters struct {
	mu sync.Mutex
	by map[uint64][]chan struct{}
}

func (w *waiters) register(rv uint64) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch := make(chan struct{})
	w.by[rv] = append(w.by[rv], ch)
	return ch
}

func (w *waiters) release(rv uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for v, chs := range w.by {
		if v <= rv {
			for _, ch := range chs {
				close(ch)
			}
			delete(w.by, v)
		}
	}
}

// A cache whose lists wait, under the read lock, until it is fresh; Add releases the waiters only after its
// write lock, which waits for that reader.
type cache struct {
	mu      sync.RWMutex
	rv      uint64
	items   map[string]uint64
	waiting waiters
}

func (c *cache) Add(key string, rv uint64) {
	c.mu.Lock()
	c.items[key] = rv
	c.rv = rv
	c.mu.Unlock()
	c.waiting.release(rv)
}

func (c *cache) List(rv uint64) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.rv < rv {
		<-c.waiting.register(rv) // want `List receives from c.waiting.register\(\) while holding c.mu \(locked at line 53\), but release, which sends on or closes it, runs only after its caller has locked cache.mu: Add locks it before the call \(line 45\)`
	}
	keys := make([]string, 0, len(c.items))
	for k := range c.items {
		keys = append(keys, k)
	}
	return keys
}

// The fix: register under the read lock, wait without it. Silent.
func (c *cache) ListFixed(rv uint64) []string {
	c.mu.RLock()
	if c.rv < rv {
		ch := c.waiting.register(rv)
		c.mu.RUnlock()
		<-ch
		c.mu.RLock()
	}
	defer c.mu.RUnlock()
	keys := make([]string, 0, len(c.items))
	for k := range c.items {
		keys = append(keys, k)
	}
	return keys
}

// A ticket office whose waiters are woken by a reaper that takes no lock of the office first. Silent.
type tickets struct {
	mu     sync.Mutex
	by     map[int]chan struct{}
	served int
}

func (t *tickets) wait(id int) chan struct{} {
	ch := make(chan struct{})
	t.by[id] = ch
	return ch
}

func (t *tickets) wake(id int) {
	if ch, ok := t.by[id]; ok {
		close(ch)
	}
}

type office struct {
	mu    sync.RWMutex
	t     tickets
	count int
}

func (o *office) reap() {
	for range time.Tick(time.Second) {
		o.t.wake(o.count)
	}
}

func (o *office) Serve(id int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	<-o.t.wait(id)
	o.count++
}

// A notifier whose waking caller only read-locks: a reader does not wait for another reader. Silent.
type versionWaiters struct {
	mu sync.Mutex
	by map[uint64][]chan struct{}
}

func (w *versionWaiters) register(v uint64) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch := make(chan struct{})
	w.by[v] = append(w.by[v], ch)
	return ch
}

func (w *versionWaiters) release(v uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, chs := range w.by {
		for _, ch := range chs {
			close(ch)
		}
	}
	delete(w.by, v)
}

type feed struct {
	mu      sync.RWMutex
	version uint64
	waiting versionWaiters
}

func (f *feed) Publish(v uint64) {
	f.mu.RLock()
	cur := f.version
	f.mu.RUnlock()
	if v > cur {
		f.waiting.release(v)
	}
}

func (f *feed) Await(v uint64) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	<-f.waiting.register(v)
}

// A stream whose read helper, called with the lock held, drops the lock while it waits for data: the wait is
// not made under the lock, though the wakers lock first. Silent.
type stream struct {
	mu    sync.Mutex
	ready chan struct{}
	buf   []byte
}

func newStream() *stream { return &stream{ready: make(chan struct{}, 1)} }

func (s *stream) signal() {
	select {
	case s.ready <- struct{}{}:
	default:
	}
}

func (s *stream) Push(b []byte) {
	s.mu.Lock()
	s.buf = append(s.buf, b...)
	s.mu.Unlock()
	s.signal()
}

func (s *stream) Cancel() {
	s.mu.Lock()
	s.buf = nil
	s.signal()
	s.mu.Unlock()
}

func (s *stream) readLocked() []byte {
	for len(s.buf) == 0 {
		s.mu.Unlock()
		<-s.ready
		s.mu.Lock()
	}
	b := s.buf
	s.buf = nil
	return b
}

func (s *stream) Read() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readLocked()
}
