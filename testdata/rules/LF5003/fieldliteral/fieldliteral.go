package fieldliteral

import "sync"

// A registry that notifies a change hook under its read lock; the hook a user installs registers again.
type Registry struct {
	mu       sync.RWMutex
	handlers map[string]func()
	onChange func(name string)
}

func (r *Registry) Register(name string, h func()) {
	r.mu.Lock()
	r.handlers[name] = h
	r.mu.Unlock()
}

func (r *Registry) Notify(name string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.onChange != nil {
		r.onChange(name)
	}
}

func NewAuditedRegistry() *Registry {
	r := &Registry{handlers: map[string]func(){}}
	r.onChange = func(name string) { r.Register(name+"-seen", func() {}) } // want `this call reaches a Lock of r.mu \(through Register\) while Notify still holds it read-locked`
	return r
}

// The fix: the hook runs after the read lock is released. Silent.
type FixedRegistry struct {
	mu       sync.RWMutex
	handlers map[string]func()
	onChange func(name string)
}

func (r *FixedRegistry) Register(name string, h func()) {
	r.mu.Lock()
	r.handlers[name] = h
	r.mu.Unlock()
}

func (r *FixedRegistry) Notify(name string) {
	r.mu.RLock()
	hook := r.onChange
	r.mu.RUnlock()
	if hook != nil {
		hook(name)
	}
}

func NewAuditedFixedRegistry() *FixedRegistry {
	r := &FixedRegistry{handlers: map[string]func(){}}
	r.onChange = func(name string) { r.Register(name+"-seen", func() {}) }
	return r
}

// A hook that locks another registry: a different mutex. Silent.
func Mirror(primary, mirror *Registry) {
	primary.onChange = func(name string) { mirror.Register(name, func() {}) }
}

// A hook that only reads: RLock under RLock with no writer in between is allowed here. Silent.
type Catalog struct {
	mu     sync.Mutex
	items  []string
	onSeen func()
	seen   int
}

func (c *Catalog) Add(s string) {
	c.mu.Lock()
	c.items = append(c.items, s)
	c.mu.Unlock()
	c.onSeen()
}

func NewCatalog() *Catalog {
	c := &Catalog{}
	c.onSeen = func() { c.seen++ }
	return c
}

// A hook that calls its own field again: followed once. Silent.
type Chain struct {
	mu   sync.Mutex
	next func()
}

func NewChain() *Chain {
	c := &Chain{}
	c.next = func() { c.next() }
	return c
}
