// Package balancer is a module named without a dot, as many services and bug reproductions are: its own
// functions are the module's, not std's, and calls through its callback fields are followed like any other.
package balancer

import "sync"

type Balancer struct {
	mu            sync.Mutex
	states        map[string]int
	ready         int
	onStateChange func()
}

func New() *Balancer {
	b := &Balancer{states: map[string]int{}}
	b.onStateChange = b.regenerate
	return b
}

func (b *Balancer) Update(addr string, state int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.states[addr] = state
	b.onStateChange()
}

func (b *Balancer) regenerate() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ready = 0
	for _, s := range b.states {
		if s == 1 {
			b.ready++
		}
	}
}
