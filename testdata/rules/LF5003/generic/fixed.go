package generic

import "sync"

// The fix: remember after the read lock is released.
type FixedCache[K comparable, V any] struct {
	mu    sync.RWMutex
	items map[K]V
	load  func(K) (V, error)
}

func (c *FixedCache[K, V]) Get(key K) (V, error) {
	c.mu.RLock()
	v, ok := c.items[key]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := c.load(key)
	if err == nil {
		c.remember(key, v)
	}
	return v, err
}

func (c *FixedCache[K, V]) remember(key K, v V) {
	c.mu.Lock()
	c.items[key] = v
	c.mu.Unlock()
}

// A helper that expects its caller to hold the lock (the Locked suffix), called with it held.
type Set[T comparable] struct {
	mu    sync.Mutex
	items map[T]struct{}
}

func (s *Set[T]) Add(v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addLocked(v)
}

func (s *Set[T]) addLocked(v T) {
	if s.items == nil {
		s.items = make(map[T]struct{})
	}
	s.items[v] = struct{}{}
}

// Two instances of one generic type: a pair's inner value locked while the outer is held is another mutex.
type Box[T any] struct {
	mu  sync.Mutex
	val T
}

func (b *Box[T]) Get() T {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.val
}

type Pair struct {
	mu    sync.Mutex
	left  *Box[int]
	right *Box[string]
}

func (p *Pair) Snapshot() (int, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.left.Get(), p.right.Get()
}
