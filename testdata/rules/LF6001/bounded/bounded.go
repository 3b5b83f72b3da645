// Package bounded holds long-lived maps with the idiomatic fixes: every one is evicted, bounded or reset.
package bounded

import (
	"container/list"
	"net"
	"net/http"
	"sync"
	"time"
)

// Entries expire: a janitor deletes them.
var (
	mu      sync.Mutex
	entries = map[string]time.Time{}
)

func Touch(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	entries[r.RemoteAddr] = time.Now()
	mu.Unlock()
}

func Expire(maxAge time.Duration) {
	mu.Lock()
	defer mu.Unlock()
	for k, t := range entries {
		if time.Since(t) > maxAge {
			delete(entries, k)
		}
	}
}

// An LRU with a bound: the len check decides when to evict.
type Cache struct {
	max   int
	order *list.List
	items map[string]*list.Element
}

func NewCache(max int) *Cache {
	return &Cache{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *Cache) Put(r *http.Request, v any) {
	if len(c.items) >= c.max {
		c.evictOldest()
	}
	c.items[r.URL.String()] = c.order.PushFront(v)
}

func (c *Cache) evictOldest() {
	if e := c.order.Back(); e != nil {
		c.order.Remove(e)
	}
}

// Reset on a timer: the whole map is replaced every interval.
var (
	windowMu sync.Mutex
	window   = map[string]int{}
)

func Observe(r *http.Request) {
	windowMu.Lock()
	window[r.URL.Path]++
	windowMu.Unlock()
}

func Rotate() {
	for range time.Tick(time.Minute) {
		windowMu.Lock()
		window = make(map[string]int)
		windowMu.Unlock()
	}
}

// Cleared in place after each flush.
var pending = map[string]string{}

func Queue(r *http.Request) { pending[r.RemoteAddr] = r.URL.Path }

func Flush() { clear(pending) }

// A slice drained by its consumer.
var queue []string

func Push(r *http.Request) { queue = append(queue, r.URL.Path) }

func Pop() string {
	s := queue[0]
	queue = queue[1:]
	return s
}

// Keys from a small finite domain: an enum and bool cannot grow without bound.
type state int

const (
	idle state = iota
	busy
)

var byState = map[state]int{}

func stateOf(r *http.Request) state {
	if r.ContentLength > 0 {
		return busy
	}
	return idle
}

func Mark(r *http.Request) { byState[stateOf(r)]++ }

var flags = map[bool]string{}

func Flag(r *http.Request) { flags[r.Close] = r.URL.Path }

// A constant key adds one entry however often it runs, and the method is one of a handful.
var totals = map[string]int{}

func Add(r *http.Request) {
	totals["all"]++
	totals[r.Method]++
}

// Keys the program chooses itself (names in code, configuration, sizes) are not known to be unbounded.
var timeouts = map[string]time.Duration{}

func SetTimeout(name string, d time.Duration) { timeouts[name] = d }

var pools = map[int]*sync.Pool{}

func buffer(size int) []byte {
	p, ok := pools[size]
	if !ok {
		p = &sync.Pool{New: func() any { return make([]byte, size) }}
		pools[size] = p
	}
	return p.Get().([]byte)
}

func Read(r *http.Request) []byte { return buffer(4096) }

// Handed to another function, which may evict: the rule cannot tell, so it stays silent.
var shared = map[string]int{}

func Remember(r *http.Request) {
	shared[r.URL.Path] = 1
	prune(shared)
}

func prune(m map[string]int) {
	for k := range m {
		delete(m, k)
	}
}

// The same limiter with a janitor that forgets idle clients.
type limiter struct {
	mu       sync.Mutex
	visitors map[string]time.Time
}

func (l *limiter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	l.visitors[r.RemoteAddr] = time.Now()
	l.mu.Unlock()
}

func (l *limiter) janitor() {
	for range time.Tick(time.Minute) {
		l.mu.Lock()
		for ip, seen := range l.visitors {
			if time.Since(seen) > 3*time.Minute {
				delete(l.visitors, ip)
			}
		}
		l.mu.Unlock()
	}
}

// Addresses the program builds itself are not a peer's.
var probes []*net.TCPAddr

func AddProbe(port int) {
	probes = append(probes, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
}
