package lazydone

import "sync"

// Agent's Done channel is made on first use; Leave closes it only if someone already asked for it.
type Agent struct {
	mu     sync.Mutex
	left   bool
	doneCh chan struct{}
}

func (a *Agent) Done() <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.doneCh == nil {
		a.doneCh = make(chan struct{})
	}
	return a.doneCh
}

func (a *Agent) Leave() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.left = true
	if a.doneCh != nil { // want `Leave closes doneCh only when Done has already made it, and Done makes it lazily without looking at whether Leave ran`
		close(a.doneCh)
	}
}

// The same without a lock.
type probe struct {
	stopped chan bool
}

func (p *probe) stoppedCh() chan bool {
	if p.stopped == nil {
		p.stopped = make(chan bool)
	}
	return p.stopped
}

func (p *probe) stop() {
	if p.stopped != nil { // want `stop closes stopped only when stoppedCh has already made it`
		close(p.stopped)
	}
}

func (p *probe) wait() { <-p.stoppedCh() }

// --- negatives ---

// The fix: Done closes what it makes once the server has shut down.
type fixedServer struct {
	mu     sync.Mutex
	closed bool
	done   chan struct{}
}

func (s *fixedServer) Done() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done == nil {
		s.done = make(chan struct{})
		if s.closed {
			close(s.done)
		}
	}
	return s.done
}

func (s *fixedServer) Shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.done != nil {
		close(s.done)
	}
}

var closedchan = make(chan struct{})

func init() { close(closedchan) }

// The closer gives the field a closed channel when nobody asked yet (context.cancelCtx).
type canceler struct {
	mu   sync.Mutex
	done chan struct{}
}

func (c *canceler) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		c.done = make(chan struct{})
	}
	return c.done
}

func (c *canceler) cancel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		c.done = closedchan
		return
	}
	close(c.done)
}

// The closer makes it when nil, then closes it.
type shutter struct {
	mu   sync.Mutex
	done chan struct{}
}

func (s *shutter) Done() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done == nil {
		s.done = make(chan struct{})
	}
	return s.done
}

func (s *shutter) Shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done == nil {
		s.done = make(chan struct{})
	}
	if s.done != nil {
		close(s.done)
	}
}

// A broadcast: every change closes the current channel and forgets it, the next waiter gets a fresh one.
type notifier struct {
	mu      sync.Mutex
	changed chan struct{}
}

func (n *notifier) Changed() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.changed == nil {
		n.changed = make(chan struct{})
	}
	return n.changed
}

func (n *notifier) notify() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.changed != nil {
		close(n.changed)
		n.changed = nil
	}
}

// Made eagerly by the constructor: the lazy make only covers the zero value, and a closed channel stays closed.
type eager struct {
	mu   sync.Mutex
	done chan struct{}
}

func newEager() *eager { return &eager{done: make(chan struct{})} }

func (e *eager) Done() <-chan struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.done == nil {
		e.done = make(chan struct{})
	}
	return e.done
}

func (e *eager) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.done != nil {
		close(e.done)
	}
}

// The getter looks at the shut-down state first.
type guarded struct {
	mu     sync.Mutex
	closed bool
	done   chan struct{}
}

func (g *guarded) Done() <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return closedchan
	}
	if g.done == nil {
		g.done = make(chan struct{})
	}
	return g.done
}

func (g *guarded) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = true
	if g.done != nil {
		close(g.done)
	}
}
