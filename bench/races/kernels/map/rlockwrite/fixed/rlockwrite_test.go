package rlockwrite

import (
	"fmt"
	"sync"
	"testing"
)

type entry struct {
	key  string
	hits int
}

// Cache hands out one entry per key and creates it on first use, as an informer's index does.
type Cache struct {
	mu    sync.RWMutex
	items map[string]*entry
}

func NewCache() *Cache { return &Cache{items: make(map[string]*entry)} }

// Get returns the key's entry: a lookup under the read lock, and on a miss a second lookup and the
// insert under the write lock.
func (c *Cache) Get(key string) *entry {
	c.mu.RLock()
	e, ok := c.items[key]
	c.mu.RUnlock()
	if ok {
		return e
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		return e
	}
	e = &entry{key: key}
	c.items[key] = e
	return e
}

func TestParallelGet(t *testing.T) {
	c := NewCache()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if e := c.Get(fmt.Sprintf("k%d-%d", g, i)); e == nil {
					t.Error("nil entry")
				}
			}
		}(g)
	}
	wg.Wait()
}
