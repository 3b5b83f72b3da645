package keylockhandover

import "sync"

// keyLocks hands out one mutex per key: a fetch of a key holds it from LockKey to UnlockKey.
type keyLocks struct {
	mu    sync.RWMutex
	locks map[string]*sync.Mutex
}

func newKeyLocks() *keyLocks { return &keyLocks{locks: map[string]*sync.Mutex{}} }

func (k *keyLocks) LockKey(key string) {
	k.mu.Lock()
	l, ok := k.locks[key]
	if !ok {
		l = &sync.Mutex{}
		k.locks[key] = l
	}
	k.mu.Unlock()
	// Wait for the key's mutex after releasing the table: its holder needs the table to give it back.
	l.Lock()
}

func (k *keyLocks) UnlockKey(key string) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	k.locks[key].Unlock()
}

// Cache downloads each key once at a time.
type Cache struct {
	keys  *keyLocks
	mu    sync.Mutex
	data  map[string]int
	fetch func(string) int
}

func NewCache(fetch func(string) int) *Cache {
	return &Cache{keys: newKeyLocks(), data: map[string]int{}, fetch: fetch}
}

func (c *Cache) Get(key string) int {
	c.keys.LockKey(key)
	defer c.keys.UnlockKey(key)
	c.mu.Lock()
	v, ok := c.data[key]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = c.fetch(key)
	c.mu.Lock()
	c.data[key] = v
	c.mu.Unlock()
	return v
}
