package hookrelocksunderrlock

import "sync"

type Registry struct {
	mu       sync.RWMutex
	services map[string]string
	onChange func(name string)
}

// NewAuditedRegistry records every change it is notified of as an audit service entry.
func NewAuditedRegistry() *Registry {
	r := &Registry{services: map[string]string{}}
	r.onChange = func(name string) {
		r.Register("audit/"+name, "changed")
	}
	return r
}

func (r *Registry) Register(name, addr string) {
	r.mu.Lock()
	r.services[name] = addr
	r.mu.Unlock()
}

// Notify tells the hook that name changed, if it is registered.
func (r *Registry) Notify(name string) bool {
	r.mu.RLock()
	_, ok := r.services[name]
	hook := r.onChange
	r.mu.RUnlock()
	if !ok {
		return false
	}
	if hook != nil {
		hook(name) // outside the lock: the hook may change the registry
	}
	return true
}
