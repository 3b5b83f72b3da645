package refreshwaitsgoroutine

import "sync"

type Source interface {
	Load() map[string]string
}

type Cache struct {
	mu    sync.Mutex
	src   Source
	table map[string]string
	loads int
}

func NewCache(src Source) *Cache {
	return &Cache{src: src, table: map[string]string{}}
}

func (c *Cache) Get(k string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.table[k]
	return v, ok
}

// Reload loads a fresh table in the background and waits for it without holding the lock; the loader swaps
// the table in under the lock.
func (c *Cache) Reload() {
	done := make(chan struct{})
	go func() {
		fresh := c.src.Load()
		c.mu.Lock()
		c.table = fresh
		c.loads++
		c.mu.Unlock()
		close(done)
	}()
	<-done
}
