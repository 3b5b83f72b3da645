package nevereturns

import "sync"

type notification struct{ key string }

// A listener buffers notifications between an informer and a slow handler: pop moves them from addCh to
// nextCh, switching each case off by setting its channel to nil; run hands them to the handler.
type listener struct {
	addCh   chan notification
	nextCh  chan notification
	pending []notification
	handled []string
}

func newListener() *listener {
	return &listener{addCh: make(chan notification), nextCh: make(chan notification)}
}

// Once addCh is closed and the backlog delivered, both cases are nil and the select blocks for ever.
func (p *listener) pop() {
	defer close(p.nextCh) // want `pop runs as a goroutine and closes p.nextCh only in this defer, but it never returns: its loop \(line 26\) has no return, break or goto, so the close never runs, and run, which ranges over p.nextCh, blocks for ever`
	var nextCh chan<- notification
	var next notification
	addCh := p.addCh
	for {
		select {
		case nextCh <- next:
			if len(p.pending) > 0 {
				next, p.pending = p.pending[0], p.pending[1:]
			} else {
				nextCh = nil
			}
		case n, ok := <-addCh:
			if !ok {
				addCh = nil
				continue
			}
			if nextCh == nil {
				next, nextCh = n, p.nextCh
			} else {
				p.pending = append(p.pending, n)
			}
		}
	}
}

func (p *listener) run() {
	for n := range p.nextCh {
		p.handled = append(p.handled, n.key)
	}
}

type processor struct {
	wg        sync.WaitGroup
	listeners []*listener
}

func (s *processor) add(l *listener) {
	s.listeners = append(s.listeners, l)
	s.wg.Add(2)
	go func() { defer s.wg.Done(); l.run() }()
	go func() { defer s.wg.Done(); l.pop() }()
	go l.pop()
	go l.run()
}

// Fixed: pop returns once the input is closed and nothing is pending. Silent.
type fixedListener struct {
	addCh   chan notification
	nextCh  chan notification
	pending []notification
}

func newFixedListener() *fixedListener {
	return &fixedListener{addCh: make(chan notification), nextCh: make(chan notification)}
}

func (p *fixedListener) pop() {
	defer close(p.nextCh)
	var nextCh chan<- notification
	var next notification
	addCh := p.addCh
	for {
		select {
		case nextCh <- next:
			if len(p.pending) > 0 {
				next, p.pending = p.pending[0], p.pending[1:]
			} else {
				nextCh = nil
				if addCh == nil {
					return
				}
			}
		case n, ok := <-addCh:
			if !ok {
				if nextCh == nil {
					return
				}
				addCh = nil
				continue
			}
			next, nextCh = n, p.nextCh
		}
	}
}

func (p *fixedListener) run() {
	for range p.nextCh {
	}
}

func startFixed(p *fixedListener) {
	go p.pop()
	go p.run()
}

// A loop that panics on a bad input: the deferred close runs then. Silent.
type panicky struct {
	in  chan int
	out chan int
}

func (p *panicky) pump() {
	defer close(p.out)
	for {
		v := <-p.in
		if v < 0 {
			panic("negative")
		}
		p.out <- v
	}
}

func (p *panicky) drain() {
	for range p.out {
	}
}

func startPanicky(p *panicky) {
	go p.pump()
	go p.drain()
}

// The consumer leaves its range on its own. Silent.
type bounded struct {
	in  chan int
	out chan int
}

func (b *bounded) pump() {
	defer close(b.out)
	for {
		b.out <- <-b.in
	}
}

func (b *bounded) firstTen() {
	n := 0
	for range b.out {
		if n++; n == 10 {
			break
		}
	}
}

func startBounded(b *bounded) {
	go b.pump()
	go b.firstTen()
}

// Another method closes the channel too. Silent.
type closedByStop struct {
	in  chan int
	out chan int
}

func (c *closedByStop) pump() {
	defer close(c.out)
	for {
		c.out <- <-c.in
	}
}

func (c *closedByStop) drain() {
	for range c.out {
	}
}

func (c *closedByStop) Stop() { close(c.out) }

func startClosedByStop(c *closedByStop) {
	go c.pump()
	go c.drain()
}

// The channel is handed to other code, which may close it. Silent.
type handedOut struct {
	in  chan int
	out chan int
}

func (h *handedOut) pump() {
	defer close(h.out)
	for {
		h.out <- <-h.in
	}
}

func (h *handedOut) drain() {
	for range h.out {
	}
}

func (h *handedOut) Out() <-chan int { return h.out }

func startHandedOut(h *handedOut) {
	go h.pump()
	go h.drain()
}
