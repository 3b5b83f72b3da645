package waiting

import (
	"sync"
	"time"
)

// A transport whose Close waits, with the lock held, for a reader loop that locks for every frame before it
// can see the end: the reader is stuck on the lock and never closes readerDone.
type transport struct {
	mu         sync.Mutex
	closing    bool
	streams    map[int][]byte
	frames     chan []byte
	readerDone chan struct{}
}

func (t *transport) reader() {
	defer close(t.readerDone)
	for f := range t.frames {
		t.mu.Lock()
		if t.closing {
			t.mu.Unlock()
			return
		}
		t.streams[len(f)] = f
		t.mu.Unlock()
	}
}

func (t *transport) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closing = true
	<-t.readerDone // want `Close receives from t.readerDone while holding t.mu \(locked at line 32\), but reader, which sends on or closes it, locks transport.mu before it does \(line 21\)`
}

// The fix: mark closing under the lock, wait after releasing it. Silent.
func (t *transport) CloseFixed() {
	t.mu.Lock()
	t.closing = true
	t.mu.Unlock()
	<-t.readerDone
}

// A shim whose reaper records the exit status under the lock and then sends it.
type shim struct {
	mu     sync.Mutex
	status int
	exited chan int
}

func (s *shim) reap(code int) {
	s.mu.Lock()
	s.status = code
	s.mu.Unlock()
	s.exited <- code
}

func (s *shim) Kill() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return <-s.exited // want `Kill receives from s.exited while holding s.mu`
}

// The waiter gives up after a timeout: the select is not a wait for ever. Silent.
func (s *shim) KillWithin(d time.Duration) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case code := <-s.exited:
		return code
	case <-time.After(d):
		return -1
	}
}

// A notifier that closes done first and locks only after: nothing stands between it and the waiter. Silent.
type notifier struct {
	mu    sync.Mutex
	done  chan struct{}
	count int
}

func (n *notifier) finish() {
	close(n.done)
	n.mu.Lock()
	n.count++
	n.mu.Unlock()
}

func (n *notifier) Wait() {
	n.mu.Lock()
	defer n.mu.Unlock()
	<-n.done
}

// A sender that never takes the lock can always deliver. Silent.
type results struct {
	mu   sync.Mutex
	last int
	out  chan int
}

func (r *results) produce(v int) { r.out <- v }

func (r *results) Next() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = <-r.out
	return r.last
}

// Two read locks do not exclude each other: a sender under RLock reaches the waiter holding RLock. Silent.
type view struct {
	mu      sync.RWMutex
	version int
	updates chan int
}

func (v *view) publish() {
	v.mu.RLock()
	n := v.version
	v.mu.RUnlock()
	v.updates <- n
}

func (v *view) Await() int {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return <-v.updates
}

// A monitor whose consumers receive through an accessor and update under the write lock while the publisher
// holds the read lock across the unbuffered send.
type monitor struct {
	mu     sync.RWMutex
	status map[string]string
	events chan string
}

func newMonitor() *monitor {
	return &monitor{status: map[string]string{}, events: make(chan string)}
}

func (m *monitor) Events() <-chan string { return m.events }

func (m *monitor) Update(id, s string) {
	m.mu.Lock()
	m.status[id] = s
	m.mu.Unlock()
}

func (m *monitor) PublishAll() {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for id := range m.status {
		m.events <- id // want `PublishAll sends on unbuffered m.events while holding m.mu`
	}
}

func (m *monitor) acknowledge() {
	for {
		id := <-m.Events()
		m.Update(id, "acknowledged")
	}
}

// A site rendering sections in parallel: its workers read pages under the read lock before they send, while
// Render holds the write lock across the receives.
type site struct {
	mu       sync.RWMutex
	pages    map[string]int
	rendered map[string]int
}

func (s *site) count(section string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.pages[section]
}

func (s *site) Render(sections []string) {
	results := make(chan int)
	for _, sec := range sections {
		go func(sec string) {
			results <- s.count(sec)
		}(sec)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sec := range sections {
		s.rendered[sec] = <-results // want `Render receives from results while holding s.mu \(locked at line \d+\), but the function literal at line \d+, which sends on or closes it, locks site.mu before it does`
	}
}

// The fix: collect first, then lock to store. Silent.
func (s *site) RenderFixed(sections []string) {
	results := make(chan int)
	for _, sec := range sections {
		go func(sec string) {
			results <- s.count(sec)
		}(sec)
	}
	counts := make([]int, 0, len(sections))
	for range sections {
		counts = append(counts, <-results)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, sec := range sections {
		s.rendered[sec] = counts[i]
	}
}

// Workers that send without locking: the lock held by the receiver stands in nobody's way. Silent.
func (s *site) Sizes(sections []string) {
	results := make(chan int)
	for _, sec := range sections {
		go func(sec string) { results <- len(sec) }(sec)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sec := range sections {
		s.rendered[sec] = <-results
	}
}
