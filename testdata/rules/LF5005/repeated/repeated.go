package repeated

import (
	"sync"
	"time"
)

// Forever runs f over and over, like the apimachinery wait package.
func Forever(f func(), period time.Duration) {
	for {
		f()
		time.Sleep(period)
	}
}

// Until runs f over and over until stop is closed.
func Until(f func(), period time.Duration, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		f()
		time.Sleep(period)
	}
}

// Once runs f a single time: no loop.
func Once(f func()) { f() }

type syncRequest struct{ pod, status string }

// A status manager whose sync takes one request per round, run for ever by Forever.
type statusManager struct {
	mu       sync.Mutex
	statuses map[string]string
	requests chan syncRequest
}

func newStatusManager() *statusManager {
	return &statusManager{statuses: map[string]string{}, requests: make(chan syncRequest)}
}

func (s *statusManager) Start() { go Forever(s.syncBatch, 0) }

func (s *statusManager) SetPodStatus(pod, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statuses[pod] = status
	s.requests <- syncRequest{pod, status} // want `SetPodStatus sends on unbuffered s.requests while holding s.mu \(locked at line 48\), but syncBatch, which receives from it in a loop, locks statusManager.mu between receives`
}

func (s *statusManager) deletePodStatus(pod string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.statuses, pod)
}

func (s *statusManager) syncBatch() {
	req := <-s.requests
	s.deletePodStatus(req.pod)
}

// The same with a literal run by Until, and a buffered queue: it fills once the syncer waits for the lock.
type queue struct {
	mu      sync.Mutex
	pending map[string]bool
	work    chan string
	stop    chan struct{}
}

func newQueue() *queue {
	return &queue{pending: map[string]bool{}, work: make(chan string, 100), stop: make(chan struct{})}
}

func (q *queue) Run() { go Until(func() { q.processNext() }, time.Second, q.stop) }

func (q *queue) Add(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pending[key] = true
	q.work <- key // want `Add sends on q.work while holding q.mu \(locked at line 80\), and once its buffer of 100 is full the send waits for the function literal at line 77`
}

func (q *queue) processNext() {
	key := <-q.work
	q.mu.Lock()
	delete(q.pending, key)
	q.mu.Unlock()
}

// Fixed: the request is sent after the unlock. Silent.
type fixedManager struct {
	mu       sync.Mutex
	statuses map[string]string
	requests chan syncRequest
}

func newFixedManager() *fixedManager {
	return &fixedManager{statuses: map[string]string{}, requests: make(chan syncRequest)}
}

func (s *fixedManager) Start() { go Forever(s.syncBatch, 0) }

func (s *fixedManager) SetPodStatus(pod, status string) {
	s.mu.Lock()
	s.statuses[pod] = status
	s.mu.Unlock()
	s.requests <- syncRequest{pod, status}
}

func (s *fixedManager) syncBatch() {
	req := <-s.requests
	s.mu.Lock()
	delete(s.statuses, req.pod)
	s.mu.Unlock()
}

// Run once, not repeated: after its one receive it may lock, but it never comes back for a second. Silent.
type oneShot struct {
	mu    sync.Mutex
	seen  []string
	hello chan string
}

func newOneShot() *oneShot { return &oneShot{hello: make(chan string)} }

func (o *oneShot) Start() { go Once(o.greet) }

func (o *oneShot) greet() {
	name := <-o.hello
	o.mu.Lock()
	o.seen = append(o.seen, name)
	o.mu.Unlock()
}

func (o *oneShot) Hello(name string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.hello <- name
}

// The repeated function never takes the lock. Silent.
type counter struct {
	mu    sync.Mutex
	n     int
	ticks chan int
	last  int
}

func newCounter() *counter { return &counter{ticks: make(chan int)} }

func (c *counter) Start() { go Forever(c.drain, 0) }

func (c *counter) drain() { c.last = <-c.ticks }

func (c *counter) Tick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	c.ticks <- c.n
}
