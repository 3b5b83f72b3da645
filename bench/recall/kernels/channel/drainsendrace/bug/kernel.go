package drainsendrace

import "sync"

// State is a subconnection's connectivity state.
type State string

// BalancerWrapper forwards subconnection state changes to the balancer on its own watcher
// goroutine. Only the latest state matters, so the queue holds a single value and a new update
// replaces a pending one.
type BalancerWrapper struct {
	updates chan State
	done    chan struct{}

	// afterDrain runs between the drain and the send; tests use it to widen the window.
	afterDrain func()

	mu   sync.Mutex
	seen []State
}

func NewBalancerWrapper() *BalancerWrapper {
	b := &BalancerWrapper{
		updates:    make(chan State, 1),
		done:       make(chan struct{}),
		afterDrain: func() {},
	}
	go b.watcher()
	return b
}

func (b *BalancerWrapper) watcher() {
	for {
		select {
		case s := <-b.updates:
			b.handle(s)
		case <-b.done:
			return
		}
	}
}

func (b *BalancerWrapper) handle(s State) {
	b.mu.Lock()
	b.seen = append(b.seen, s)
	b.mu.Unlock()
}

// UpdateState is called by subconnections; it never queues more than the newest state.
func (b *BalancerWrapper) UpdateState(s State) {
	select {
	case <-b.updates: // drop the stale pending state
	default:
	}
	b.afterDrain()
	b.updates <- s
}

// Seen returns the states the balancer has handled.
func (b *BalancerWrapper) Seen() []State {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]State(nil), b.seen...)
}

// Close stops the watcher. Subconnections may still report afterwards; their updates replace
// each other in the queue and are dropped with the wrapper.
func (b *BalancerWrapper) Close() { close(b.done) }
