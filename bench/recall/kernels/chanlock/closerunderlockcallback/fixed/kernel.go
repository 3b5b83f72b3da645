package closerunderlockcallback

import (
	"errors"
	"log"
	"sync"
)

var errClientConnClosing = errors.New("grpc: the client connection is closing")

// State is what a balancer reports about its subchannels.
type State struct {
	Addrs []string
	Ready bool
}

// Balancer picks backends; it reports state changes through the callback it was built with.
type Balancer interface {
	UpdateAddresses(addrs []string)
	Close()
}

// testHookBeforeReport runs in the balancer goroutine before it reports a state.
var testHookBeforeReport func()

// pickFirst connects to the first address it is given.
type pickFirst struct {
	updates chan []string
	closing chan struct{}
	done    chan struct{}
	report  func(State)
}

func newPickFirst(report func(State)) *pickFirst {
	b := &pickFirst{updates: make(chan []string), closing: make(chan struct{}), done: make(chan struct{}), report: report}
	go b.run()
	return b
}

func (b *pickFirst) run() {
	defer close(b.done)
	for {
		select {
		case addrs := <-b.updates:
			st := State{Ready: len(addrs) > 0}
			if st.Ready {
				st.Addrs = addrs[:1]
			}
			if testHookBeforeReport != nil {
				testHookBeforeReport()
			}
			b.report(st)
		case <-b.closing:
			return
		}
	}
}

func (b *pickFirst) UpdateAddresses(addrs []string) {
	select {
	case b.updates <- addrs:
	case <-b.closing:
	}
}

// Close stops the balancer and waits for its goroutine.
func (b *pickFirst) Close() {
	close(b.closing)
	<-b.done
}

// ClientConn is a virtual connection to a target served by several backends.
type ClientConn struct {
	mu       sync.Mutex
	target   string
	balancer Balancer
	state    State
	closed   bool
	logf     func(format string, args ...interface{})
	// onClose runs in Close before the balancer is closed (a testing hook).
	onClose func()
}

func Dial(target string) *ClientConn {
	cc := &ClientConn{target: target, logf: log.Printf}
	cc.balancer = newPickFirst(cc.updateState)
	return cc
}

// updateState is the balancer's callback.
func (cc *ClientConn) updateState(s State) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.closed {
		return
	}
	cc.state = s
	cc.logf("%s: picker updated: %v", cc.target, s.Addrs)
}

// ResolverUpdate hands the resolved addresses to the balancer.
func (cc *ClientConn) ResolverUpdate(addrs []string) error {
	cc.mu.Lock()
	if cc.closed {
		cc.mu.Unlock()
		return errClientConnClosing
	}
	b := cc.balancer
	cc.mu.Unlock()
	b.UpdateAddresses(addrs)
	return nil
}

// Close closes the balancer after releasing cc.mu: the balancer's goroutine may be waiting for it in
// updateState, and Close waits for that goroutine.
func (cc *ClientConn) Close() error {
	cc.mu.Lock()
	if cc.closed {
		cc.mu.Unlock()
		return errClientConnClosing
	}
	cc.closed = true
	if cc.onClose != nil {
		cc.onClose()
	}
	b := cc.balancer
	cc.mu.Unlock()
	b.Close()
	return nil
}
