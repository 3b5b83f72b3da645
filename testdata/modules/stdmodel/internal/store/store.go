// Package store is a generic type used from another package of the module.
package store

import "sync"

type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	items map[K]V
}

func New[K comparable, V any]() *Cache[K, V] {
	return &Cache[K, V]{items: map[K]V{}}
}

func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[k]
	return v, ok
}
