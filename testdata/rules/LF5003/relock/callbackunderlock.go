package relock

import "sync"

// A handler registry whose Range calls the visitor under its read lock, as many caches and registries do.
// Pruning through Range with a visitor that calls Unregister asks for the write lock while Range still holds
// the read lock: Lock waits for every reader, this goroutine included.
type handlerRegistry struct {
	mu       sync.RWMutex
	handlers map[string]func()
}

func (r *handlerRegistry) Range(visit func(name string, h func()) bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for n, h := range r.handlers {
		if !visit(n, h) {
			return
		}
	}
}

func (r *handlerRegistry) Unregister(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.handlers, name)
}

func (r *handlerRegistry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.handlers)
}

func (r *handlerRegistry) PruneNil() {
	r.Range(func(name string, h func()) bool {
		if h == nil {
			r.Unregister(name) // want `this call reaches a Lock of r.mu \(through Unregister\) inside a function literal that Range runs while it holds r.mu read-locked`
		}
		return true
	})
}

// A plain mutex held around the callback, and the literal locking it itself.
type peerSet struct {
	mu    sync.Mutex
	peers []string
}

func (p *peerSet) each(f func(string)) {
	p.mu.Lock()
	for _, x := range p.peers {
		f(x)
	}
	p.mu.Unlock()
}

func (p *peerSet) Count() int {
	n := 0
	p.each(func(string) {
		p.mu.Lock() // want `p.mu is locked again here inside a function literal that each runs while it holds p.mu locked`
		n++
		p.mu.Unlock()
	})
	return n
}

// The fixes: collect under the lock, act after Range returns; or a visitor that only reads what it is given.
func (r *handlerRegistry) PruneNilFixed() {
	var stale []string
	r.Range(func(name string, h func()) bool {
		if h == nil {
			stale = append(stale, name)
		}
		return true
	})
	for _, name := range stale {
		r.Unregister(name)
	}
}

func (p *peerSet) CountFixed() int {
	n := 0
	p.each(func(string) { n++ })
	return n
}

// The callback is called after the unlock: the literal may lock freely.
func (p *peerSet) snapshotThen(f func([]string)) {
	p.mu.Lock()
	peers := append([]string(nil), p.peers...)
	p.mu.Unlock()
	f(peers)
}

func (p *peerSet) Reset() {
	p.snapshotThen(func(old []string) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.peers = p.peers[len(old):]
	})
}

// The lock held while calling the callback belongs to another registry: no relock of r.mu.
func (p *peerSet) PruneOther(r *handlerRegistry) {
	p.each(func(name string) {
		r.Unregister(name)
	})
}

// The callback holds only a read lock, and the literal reads: Len's RLock while Range holds the read lock is the
// recursive read lock LF5003 also reports; a literal that takes no lock stays silent.
func (r *handlerRegistry) Names() []string {
	var names []string
	r.Range(func(name string, _ func()) bool {
		names = append(names, name)
		return true
	})
	return names
}
