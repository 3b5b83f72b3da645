package closehookrelock

import "sync"

type State int

const (
	Ready State = iota
	Closing
	Closed
)

// Transport is one connection to a server.
type Transport struct {
	mu      sync.Mutex
	state   State
	streams int
	onClose []func()
}

func (t *Transport) State() State {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state
}

// OnClose registers a hook run when the transport closes.
func (t *Transport) OnClose(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.onClose = append(t.onClose, f)
}

func (t *Transport) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.state = Closing
	for _, f := range t.onClose {
		f()
	}
	t.state = Closed
}

// Pool keeps the ready transports.
type Pool struct {
	mu    sync.Mutex
	ready map[*Transport]bool
}

func (p *Pool) Add(t *Transport) {
	p.mu.Lock()
	p.ready[t] = true
	p.mu.Unlock()
	t.OnClose(func() {
		if t.State() != Ready {
			p.mu.Lock()
			delete(p.ready, t)
			p.mu.Unlock()
		}
	})
}
