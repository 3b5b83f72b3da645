package relockcallbackfield

import "sync"

type connectivityState int

const (
	idle connectivityState = iota
	connecting
	ready
)

type picker struct{ ready []string }

// Balancer tracks sub-connection states and rebuilds the picker when they change.
type Balancer struct {
	mu            sync.Mutex
	states        map[string]connectivityState
	picker        *picker
	onStateChange func()
}

func NewBalancer() *Balancer {
	b := &Balancer{states: map[string]connectivityState{}}
	b.onStateChange = b.regeneratePicker
	return b
}

func (b *Balancer) UpdateSubConnState(addr string, s connectivityState) {
	b.mu.Lock()
	b.states[addr] = s
	b.mu.Unlock()
	b.onStateChange()
}

func (b *Balancer) regeneratePicker() {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := &picker{}
	for addr, s := range b.states {
		if s == ready {
			p.ready = append(p.ready, addr)
		}
	}
	b.picker = p
}

func (b *Balancer) ReadyCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.picker == nil {
		return 0
	}
	return len(b.picker.ready)
}
