package genericmailboxput

import (
	"sync"
	"time"
)

// Mailbox is a bounded FIFO; Put waits while it is full.
type Mailbox[T any] struct {
	ch chan T
}

func NewMailbox[T any](size int) *Mailbox[T] { return &Mailbox[T]{ch: make(chan T, size)} }

func (m *Mailbox[T]) Put(v T) { m.ch <- v }

func (m *Mailbox[T]) Get() (T, bool) {
	v, ok := <-m.ch
	return v, ok
}

func (m *Mailbox[T]) Close() { close(m.ch) }

type Config struct {
	Name    string
	Version int
}

// Cache holds the mesh configuration and pushes it to the proxies after each change.
type Cache struct {
	mu       sync.RWMutex
	configs  map[string]Config
	events   *Mailbox[string]
	debounce time.Duration
	push     func(map[string]Config)
}

func NewCache(queue int, debounce time.Duration, push func(map[string]Config)) *Cache {
	return &Cache{
		configs:  map[string]Config{},
		events:   NewMailbox[string](queue),
		debounce: debounce,
		push:     push,
	}
}

// Set stores a config and queues a push.
func (c *Cache) Set(cfg Config) {
	c.mu.Lock()
	cfg.Version = c.configs[cfg.Name].Version + 1
	c.configs[cfg.Name] = cfg
	c.mu.Unlock()
	c.events.Put(cfg.Name) // may wait for the dispatcher, which reads the cache
}

func (c *Cache) Snapshot() map[string]Config {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make(map[string]Config, len(c.configs))
	for k, v := range c.configs {
		out[k] = v
	}
	return out
}

// Dispatch pushes a snapshot after every change, once the debounce period has passed.
func (c *Cache) Dispatch() {
	for {
		if _, ok := c.events.Get(); !ok {
			return
		}
		time.Sleep(c.debounce) // let a burst of changes settle
		c.push(c.Snapshot())
	}
}

// Close ends Dispatch once the queued events are pushed.
func (c *Cache) Close() { c.events.Close() }
