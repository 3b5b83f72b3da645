package waitfreshunderrlock

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type object struct {
	key             string
	resourceVersion uint64
}

// waiterSet remembers who waits for which resource version; it has its own lock.
type waiterSet struct {
	mu      sync.Mutex
	waiters map[uint64][]chan struct{}
}

func (w *waiterSet) register(rv uint64) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch := make(chan struct{})
	w.waiters[rv] = append(w.waiters[rv], ch)
	return ch
}

// release wakes the waiters of every version up to rv.
func (w *waiterSet) release(rv uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for v, chs := range w.waiters {
		if v <= rv {
			for _, ch := range chs {
				close(ch)
			}
			delete(w.waiters, v)
		}
	}
}

// watchCache serves lists at a resource version at least as new as the client asked for.
type watchCache struct {
	mu              sync.RWMutex
	store           map[string]*object
	resourceVersion uint64
	waiting         waiterSet
	resource        string
}

func newWatchCache(resource string) *watchCache {
	return &watchCache{resource: resource, store: map[string]*object{}, waiting: waiterSet{waiters: map[uint64][]chan struct{}{}}}
}

// Add is called by the reflector for each watch event.
func (c *watchCache) Add(key string, rv uint64) {
	c.mu.Lock()
	c.store[key] = &object{key: key, resourceVersion: rv}
	c.resourceVersion = rv
	c.mu.Unlock()
	c.waiting.release(rv)
}

// WaitUntilFreshAndList lists the cache once it has caught up with rv.
func (c *watchCache) WaitUntilFreshAndList(rv uint64) ([]string, uint64, error) {
	c.mu.RLock()
	if c.resourceVersion < rv {
		// Register under the read lock, so no Add slips between the check and the registration, but wait
		// without it: Add needs the write lock before it releases the waiters.
		ch := c.waiting.register(rv)
		c.mu.RUnlock()
		<-ch
		c.mu.RLock()
	}
	defer c.mu.RUnlock()
	if c.resourceVersion < rv {
		return nil, 0, fmt.Errorf("%s: too old resource version: %d", c.resource, c.resourceVersion)
	}
	keys := make([]string, 0, len(c.store))
	for k := range c.store {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, c.resourceVersion, nil
}

func TestListWaitsForNewerVersion(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := newWatchCache("pods")
		c.Add("default/web-1", 100)
		go func() {
			time.Sleep(20 * time.Millisecond)
			c.Add("default/web-2", 105)
		}()
		keys, rv, err := c.WaitUntilFreshAndList(105)
		if err != nil || rv != 105 || len(keys) != 2 {
			t.Errorf("list = %v at %d, %v", keys, rv, err)
		}
	})
}
