package generic

import "sync"

// Methods of a generic type call each other through instances of it (`c.remember` on a *TTLCache[K, V]): each is
// the method as declared, followed like any other.
type TTLCache[K comparable, V any] struct {
	mu    sync.RWMutex
	items map[K]V
	load  func(K) (V, error)
}

func (c *TTLCache[K, V]) Get(key K) (V, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.items[key]; ok {
		return v, nil
	}
	v, err := c.load(key)
	if err == nil {
		c.remember(key, v) // want `reaches a Lock of c.mu \(through remember\) while Get still holds it read-locked`
	}
	return v, err
}

func (c *TTLCache[K, V]) remember(key K, v V) {
	c.mu.Lock()
	c.items[key] = v
	c.mu.Unlock()
}

// Set re-locks through a method value of the instance its caller holds.
type Registry[T any] struct {
	mu      sync.Mutex
	entries []T
	onAdd   func(T)
}

func NewRegistry[T any]() *Registry[T] {
	r := &Registry[T]{}
	r.onAdd = r.count
	return r
}

func (r *Registry[T]) count(T) {
	r.mu.Lock()
	defer r.mu.Unlock()
}

func (r *Registry[T]) Add(v T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries = append(r.entries, v)
	r.onAdd(v) // want `reaches a Lock of r.mu \(through count\) while Add still holds it locked`
}

// A concrete user of the cache: its own methods are ordinary.
type Endpoints struct {
	cache *TTLCache[string, []string]
}

func (e *Endpoints) Lookup(svc string) []string {
	addrs, _ := e.cache.Get(svc)
	return addrs
}
