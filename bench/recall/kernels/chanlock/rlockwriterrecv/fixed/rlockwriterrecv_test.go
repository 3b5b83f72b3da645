package rlockwriterrecv

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var ErrNoSuchHost = errors.New("no such host")

type Upstream interface {
	LookupHost(name string) ([]string, error)
}

type lookup struct {
	done  chan struct{}
	addrs []string
	err   error
}

type cacheEntry struct {
	addrs   []string
	expires time.Time
}

type Resolver struct {
	upstream Upstream

	mu       sync.RWMutex
	ttl      time.Duration
	cache    map[string]cacheEntry
	inflight map[string]*lookup
}

func NewResolver(u Upstream, ttl time.Duration) *Resolver {
	return &Resolver{upstream: u, ttl: ttl, cache: map[string]cacheEntry{}, inflight: map[string]*lookup{}}
}

// Resolve returns name's addresses from the cache, joining an in-flight lookup or starting one.
func (r *Resolver) Resolve(name string) ([]string, error) {
	r.mu.RLock()
	if e, ok := r.cache[name]; ok && time.Now().Before(e.expires) {
		r.mu.RUnlock()
		return e.addrs, nil
	}
	if l, ok := r.inflight[name]; ok {
		r.mu.RUnlock() // never wait for the lookup with the lock held: it needs the lock to finish
		<-l.done
		return l.addrs, l.err
	}
	r.mu.RUnlock()

	r.mu.Lock()
	l, ok := r.inflight[name]
	if !ok {
		l = &lookup{done: make(chan struct{})}
		r.inflight[name] = l
		go r.lookup(name, l)
	}
	r.mu.Unlock()
	<-l.done
	return l.addrs, l.err
}

// lookup answers the waiters first and only then takes the write lock to publish the result.
func (r *Resolver) lookup(name string, l *lookup) {
	l.addrs, l.err = r.upstream.LookupHost(name)
	expires := time.Now().Add(r.currentTTL())
	close(l.done)
	r.mu.Lock()
	delete(r.inflight, name)
	if l.err == nil {
		r.cache[name] = cacheEntry{addrs: l.addrs, expires: expires}
	}
	r.mu.Unlock()
}

func (r *Resolver) currentTTL() time.Duration {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.ttl
}

// SetTTL applies a config change and flushes the cache.
func (r *Resolver) SetTTL(ttl time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ttl = ttl
	r.cache = map[string]cacheEntry{}
}

type slowUpstream struct {
	delay time.Duration
	hosts map[string][]string
}

func (u slowUpstream) LookupHost(name string) ([]string, error) {
	time.Sleep(u.delay)
	if a, ok := u.hosts[name]; ok {
		return a, nil
	}
	return nil, ErrNoSuchHost
}

func TestConcurrentResolveDuringReload(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewResolver(slowUpstream{delay: 100 * time.Millisecond,
			hosts: map[string][]string{"api.internal": {"10.0.0.5"}}}, time.Minute)
		var wg sync.WaitGroup
		wg.Add(3)
		go func() { defer wg.Done(); r.Resolve("api.internal") }() // starts the lookup
		time.Sleep(20 * time.Millisecond)
		go func() { defer wg.Done(); r.Resolve("api.internal") }() // joins it
		time.Sleep(20 * time.Millisecond)
		go func() { defer wg.Done(); r.SetTTL(30 * time.Second) }()
		wg.Wait()
		if a, err := r.Resolve("api.internal"); err != nil || len(a) != 1 {
			t.Errorf("resolve = %v, %v", a, err)
		}
	})
}
