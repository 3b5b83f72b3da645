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

// Get returns the key's entry. The lookup takes the read lock so that readers run in parallel; the
// miss path creates the entry under that same read lock.
func (c *Cache) Get(key string) *entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.items[key]
	if !ok {
		e = &entry{key: key}
		c.items[key] = e
	}
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
