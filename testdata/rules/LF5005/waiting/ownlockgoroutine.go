package waiting

import "sync"

// A cache refreshing under its lock and waiting for a goroutine that takes the same lock (to swap the map)
// before it signals: the goroutine waits for the lock, the refresher waits for the goroutine.
type refreshCache struct {
	mu    sync.Mutex
	items map[string]string
}

func (c *refreshCache) Refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	done := make(chan struct{})
	go func() {
		c.mu.Lock()
		c.items = map[string]string{}
		c.mu.Unlock()
		close(done)
	}()
	<-done // want `Refresh receives from done while holding c.mu`
}

func (c *refreshCache) RefreshAll(keys []string) {
	c.mu.Lock()
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			c.mu.Lock()
			defer c.mu.Unlock()
			delete(c.items, k)
		}(k)
	}
	wg.Wait() // want `RefreshAll waits for wg while holding c.mu`
	c.mu.Unlock()
}

// The fixes: wait after unlocking, or a goroutine that does not need the lock.

func (c *refreshCache) RefreshFixed() {
	c.mu.Lock()
	done := make(chan struct{})
	go func() {
		c.mu.Lock()
		c.items = map[string]string{}
		c.mu.Unlock()
		close(done)
	}()
	c.mu.Unlock()
	<-done
}

func (c *refreshCache) Snapshot() map[string]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(chan map[string]string)
	go func() {
		m := map[string]string{}
		out <- m
	}()
	return <-out
}

// A callback run with the lock held that drops it to call out and takes it back: it unlocks the caller's hold,
// so the caller is not counted as holding the lock across the wait.
func (c *refreshCache) Handoff() {
	c.mu.Lock()
	done := make(chan struct{})
	release := func() {
		c.mu.Unlock()
		close(done)
	}
	go release()
	<-done
}
