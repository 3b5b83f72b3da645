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
	defer r.mu.RUnlock()
	if _, ok := r.services[name]; !ok {
		return false
	}
	if r.onChange != nil {
		r.onChange(name)
	}
	return true
}
