package cache

import (
	"sync"
	"time"
)

// A cache refreshed by a background goroutine while callers read it, neither side locking.
type refreshingCache struct {
	items map[string]string
	load  func() map[string]string
}

func (c *refreshingCache) Start() {
	go func() {
		for range time.Tick(time.Minute) {
			for k, v := range c.load() {
				c.items[k] = v
			}
		}
	}()
}

func (c *refreshingCache) Get(k string) string {
	return c.items[k] // want `Get uses the map c\.items with no lock, while the goroutine Start starts \(line 15\) keeps writing it`
}

// Negative: both sides lock.
type lockedCache struct {
	mu    sync.Mutex
	items map[string]string
}

func (c *lockedCache) Start() {
	go func() {
		for {
			c.mu.Lock()
			c.items["now"] = time.Now().String()
			c.mu.Unlock()
			time.Sleep(time.Second)
		}
	}()
}

func (c *lockedCache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

// Negative: the starter waits for the goroutine before returning.
type batchLoader struct{ items map[string]int }

func (b *batchLoader) Load(keys []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i, k := range keys {
			b.items[k] = i
		}
	}()
	wg.Wait()
}

func (b *batchLoader) Get(k string) int { return b.items[k] }

// Negative: a one-shot goroutine (no loop) filling the map once.
type warmup struct{ items map[string]int }

func (w *warmup) Warm() {
	go func() {
		w.items["x"] = 1
	}()
}

func (w *warmup) Get(k string) int { return w.items[k] }

// Negative: only unexported helpers touch the map; the goroutine owns it.
type counter struct {
	counts map[string]int
	in     chan string
}

func (c *counter) Run() {
	go func() {
		for k := range c.in {
			c.counts[k]++
		}
	}()
}

func (c *counter) reset() { c.counts = map[string]int{} }
