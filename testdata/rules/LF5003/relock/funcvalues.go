package relock

import (
	"sync"
	"time"
)

// A balancer whose state-change callback, set to its own method, regenerates the picker under the lock the
// caller already holds.
type balancer struct {
	mu            sync.Mutex
	states        map[string]int
	ready         []string
	onStateChange func()
}

func newBalancer() *balancer {
	b := &balancer{states: map[string]int{}}
	b.onStateChange = b.regenerate
	return b
}

func (b *balancer) UpdateState(addr string, s int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.states[addr] = s
	b.onStateChange() // want `this call reaches a Lock of b.mu \(through regenerate\) while UpdateState still holds it locked`
}

func (b *balancer) regenerate() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ready = b.ready[:0]
	for addr, s := range b.states {
		if s == 1 {
			b.ready = append(b.ready, addr)
		}
	}
}

// A lessor detaching keys through a method value held in a local variable.
type lessor struct {
	mu     sync.Mutex
	leases map[int][]string
	owner  map[string]int
}

func (l *lessor) Revoke(id int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	detach := l.Detach
	for _, key := range l.leases[id] {
		detach(key) // want `this call reaches a Lock of l.mu \(through Detach\) while Revoke still holds it locked`
	}
	delete(l.leases, id)
}

func (l *lessor) Detach(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.owner, key)
}

// A clock held in a field (time.Now) changes nothing about the lock the caller holds: the relock after it is
// still found.
type statusCache struct {
	mu      sync.Mutex
	now     func() time.Time
	entries map[string]time.Time
}

func newStatusCache() *statusCache {
	return &statusCache{now: time.Now, entries: map[string]time.Time{}}
}

func (c *statusCache) Update(pod string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[pod] = c.now()
	c.evict() // want `this call reaches a Lock of c.mu \(through evict\) while Update still holds it locked`
}

func (c *statusCache) evict() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, t := range c.entries {
		if c.now().Sub(t) > time.Minute {
			delete(c.entries, k)
		}
	}
}

// The fixes, and function values we cannot know.

func (b *balancer) UpdateStateFixed(addr string, s int) {
	b.mu.Lock()
	b.states[addr] = s
	b.mu.Unlock()
	b.onStateChange()
}

func (l *lessor) RevokeFixed(id int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	detach := l.detachLocked
	for _, key := range l.leases[id] {
		detach(key)
	}
}

func (l *lessor) detachLocked(key string) { delete(l.owner, key) }

// A callback set by the user of the package: unknown, so no finding.
type notifier struct {
	mu       sync.Mutex
	n        int
	OnChange func()
}

func (n *notifier) Bump() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.n++
	n.OnChange()
}

// A field given a literal somewhere is unknown too.
type ticker struct {
	mu   sync.Mutex
	tick func()
}

func newTicker() *ticker {
	t := &ticker{}
	t.tick = func() {}
	return t
}

func (t *ticker) Run() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.tick()
}

// A method value bound to another object is not the owner's.
type pair struct {
	mu    sync.Mutex
	other *lessor
	hook  func(string)
}

func newPair(l *lessor) *pair {
	p := &pair{other: l}
	p.hook = l.Detach
	return p
}

func (p *pair) Fire(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hook(key)
}
