package readers

import (
	"sync"
	"time"
)

type lookup struct {
	done  chan struct{}
	addrs []string
}

// A caching resolver: a caller joining an in-flight lookup waits for it under the read lock, and the lookup
// read-locks before it finishes; SetTTL write-locks, and a writer queued between them blocks the second reader.
type resolver struct {
	mu       sync.RWMutex
	ttl      time.Duration
	inflight map[string]*lookup
}

func (r *resolver) Resolve(name string) []string {
	r.mu.RLock()
	if l, ok := r.inflight[name]; ok {
		defer r.mu.RUnlock()
		<-l.done // want `Resolve receives from l.done while holding r.mu \(locked at line 22\), but run, which sends on or closes it, locks resolver.mu before it does \(line 40\) \(a read lock`
		return l.addrs
	}
	r.mu.RUnlock()
	r.mu.Lock()
	l := &lookup{done: make(chan struct{})}
	r.inflight[name] = l
	r.mu.Unlock()
	go r.run(name, l)
	<-l.done
	return l.addrs
}

func (r *resolver) run(name string, l *lookup) {
	l.addrs = []string{name}
	_ = r.currentTTL()
	close(l.done)
}

func (r *resolver) currentTTL() time.Duration {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.ttl
}

func (r *resolver) SetTTL(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ttl = d
}

type roLookup struct {
	done  chan struct{}
	addrs []string
}

// Nothing ever write-locks this one: two readers never wait on each other. Silent.
type readOnly struct {
	mu       sync.RWMutex
	ttl      time.Duration
	inflight map[string]*roLookup
}

func (r *readOnly) Resolve(name string) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if l, ok := r.inflight[name]; ok {
		<-l.done
		return l.addrs
	}
	return nil
}

func (r *readOnly) run(l *roLookup) {
	r.mu.RLock()
	_ = r.ttl
	r.mu.RUnlock()
	close(l.done)
}

func (r *readOnly) Start(l *roLookup) { go r.run(l) }

type fxLookup struct {
	done  chan struct{}
	addrs []string
}

// Fixed: the waiter drops the read lock before it waits. Silent.
type fixedResolver struct {
	mu       sync.RWMutex
	ttl      time.Duration
	inflight map[string]*fxLookup
}

func (r *fixedResolver) Resolve(name string) []string {
	r.mu.RLock()
	l, ok := r.inflight[name]
	r.mu.RUnlock()
	if ok {
		<-l.done
		return l.addrs
	}
	return nil
}

func (r *fixedResolver) run(l *fxLookup) {
	r.mu.RLock()
	_ = r.ttl
	r.mu.RUnlock()
	close(l.done)
}

func (r *fixedResolver) Start(l *fxLookup) { go r.run(l) }

func (r *fixedResolver) SetTTL(d time.Duration) {
	r.mu.Lock()
	r.ttl = d
	r.mu.Unlock()
}
