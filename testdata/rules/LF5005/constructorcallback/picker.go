package constructorcallback

import "sync"

// A load balancer reports its picker back through the callback its constructor is given; it runs a goroutine that
// Close stops and waits for.
type balancer interface {
	Update(addrs []string)
	Close()
}

type roundRobin struct {
	updates chan []string
	quit    chan struct{}
	done    chan struct{}
	onPick  func(addr string)
}

func newRoundRobin(onPick func(addr string)) *roundRobin {
	rr := &roundRobin{updates: make(chan []string), quit: make(chan struct{}), done: make(chan struct{}), onPick: onPick}
	go rr.run()
	return rr
}

func (rr *roundRobin) run() {
	defer close(rr.done)
	for {
		select {
		case addrs := <-rr.updates:
			if len(addrs) > 0 {
				rr.onPick(addrs[0])
			}
		case <-rr.quit:
			return
		}
	}
}

func (rr *roundRobin) Update(addrs []string) {
	select {
	case rr.updates <- addrs:
	case <-rr.quit:
	}
}

func (rr *roundRobin) Close() {
	close(rr.quit)
	<-rr.done
}

// conn owns the balancer; the balancer's callback is one of conn's methods, which takes conn's lock.
type conn struct {
	mu     sync.Mutex
	picked string
	closed bool
	lb     balancer
}

func dial() *conn {
	c := &conn{}
	c.lb = newRoundRobin(c.setPicked)
	return c
}

func (c *conn) setPicked(addr string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.picked = addr
}

// Close waits for the balancer's goroutine while holding c.mu, which that goroutine needs for its callback.
func (c *conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	c.lb.Close() // want `Close receives from c.lb.done \(in Close, line 48\) while holding c.mu`
}
