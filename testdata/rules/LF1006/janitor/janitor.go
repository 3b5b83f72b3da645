package janitor

import (
	"sync"
	"time"
)

// A cache whose janitor ranges over a ticker: Stop never closes a ticker's channel, and Close does not end it.
type Cache struct {
	mu    sync.Mutex
	items map[string]time.Time
}

func NewCache() *Cache {
	c := &Cache{items: map[string]time.Time{}}
	go c.janitor()
	return c
}

func (c *Cache) janitor() {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for range t.C { // want `the goroutine running janitor can never leave this loop: it ranges over a ticker's channel, which Stop never closes, and has no return or break, so after Close it keeps running for ever`
		c.evict()
	}
}

func (c *Cache) evict() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range c.items {
		if time.Since(v) > time.Hour {
			delete(c.items, k)
		}
	}
}

func (c *Cache) Close() {
	c.mu.Lock()
	c.items = nil
	c.mu.Unlock()
}

// A flusher that sleeps in an endless for: Stop sets a flag the loop never reads.
type Flusher struct {
	mu      sync.Mutex
	stopped bool
	flush   func()
}

func StartFlusher(flush func()) *Flusher {
	f := &Flusher{flush: flush}
	go f.loop()
	return f
}

func (f *Flusher) loop() {
	for { // want `the goroutine running loop can never leave this loop: it has no condition, return or break, so after Stop it keeps running for ever`
		time.Sleep(time.Second)
		f.flush()
	}
}

func (f *Flusher) Stop() {
	f.mu.Lock()
	f.stopped = true
	f.mu.Unlock()
}

// The fix: the janitor selects on a stop channel that Close closes. Silent.
type FixedCache struct {
	mu    sync.Mutex
	items map[string]time.Time
	stop  chan struct{}
}

func NewFixedCache() *FixedCache {
	c := &FixedCache{items: map[string]time.Time{}, stop: make(chan struct{})}
	go c.janitor()
	return c
}

func (c *FixedCache) janitor() {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.mu.Lock()
			c.items = map[string]time.Time{}
			c.mu.Unlock()
		}
	}
}

func (c *FixedCache) Close() { close(c.stop) }

// The loop reads the flag and leaves. Silent.
type FixedFlusher struct {
	mu      sync.Mutex
	stopped bool
}

func StartFixedFlusher() *FixedFlusher {
	f := &FixedFlusher{}
	go f.loop()
	return f
}

func (f *FixedFlusher) loop() {
	for range time.NewTicker(time.Second).C {
		f.mu.Lock()
		stopped := f.stopped
		f.mu.Unlock()
		if stopped {
			return
		}
	}
}

func (f *FixedFlusher) Stop() {
	f.mu.Lock()
	f.stopped = true
	f.mu.Unlock()
}

// No method promises to stop it: a process-long worker. Silent.
type Reporter struct{ report func() }

func StartReporter(report func()) *Reporter {
	r := &Reporter{report: report}
	go r.run()
	return r
}

func (r *Reporter) run() {
	for range time.NewTicker(time.Minute).C {
		r.report()
	}
}

// The loop itself calls Close on a fatal condition: the stop method is part of the loop. Silent.
type Conn struct {
	alive func() bool
}

func Dial(alive func() bool) *Conn {
	c := &Conn{alive: alive}
	go c.keepalive()
	return c
}

func (c *Conn) keepalive() {
	for {
		time.Sleep(time.Second)
		if !c.alive() {
			c.Close()
		}
	}
}

func (c *Conn) Close() {}
