package balancerwrapperorder

import (
	"fmt"
	"sync"
	"time"
)

type State int

const (
	Idle State = iota
	Connecting
	Ready
	TransientFailure
)

type SubConn struct {
	addr  string
	state State
}

// ClientConn is what a balancer sees of the channel; ccWrapper implements it.
type ClientConn interface {
	NewSubConn(addr string) *SubConn
	UpdatePicker(ready []string)
}

// Balancer is what the channel sees of a load-balancing policy; roundRobin implements it.
type Balancer interface {
	UpdateAddresses(addrs []string)
	SubConnStateChange(sc *SubConn, s State)
}

type roundRobin struct {
	cc       ClientConn
	mu       sync.Mutex
	subConns map[string]*SubConn
	ready    map[string]bool
}

func newRoundRobin(cc ClientConn) *roundRobin {
	return &roundRobin{cc: cc, subConns: map[string]*SubConn{}, ready: map[string]bool{}}
}

func (b *roundRobin) UpdateAddresses(addrs []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, a := range addrs {
		if _, ok := b.subConns[a]; !ok {
			b.subConns[a] = b.cc.NewSubConn(a)
		}
	}
}

func (b *roundRobin) SubConnStateChange(sc *SubConn, s State) {
	b.mu.Lock()
	defer b.mu.Unlock()
	sc.state = s
	b.ready[sc.addr] = s == Ready
	var ready []string
	for a, ok := range b.ready {
		if ok {
			ready = append(ready, a)
		}
	}
	b.cc.UpdatePicker(ready)
}

// ccWrapper sits between the channel and its balancer; mu serialises the calls in both directions,
// scMu guards the set of sub-connections.
type ccWrapper struct {
	mu       sync.Mutex
	balancer Balancer
	scMu     sync.Mutex
	subConns map[*SubConn]bool
	picker   []string
	target   string
}

func newCCWrapper(target string) *ccWrapper {
	w := &ccWrapper{target: target, subConns: map[*SubConn]bool{}}
	w.balancer = newRoundRobin(w)
	return w
}

func (w *ccWrapper) NewSubConn(addr string) *SubConn {
	w.scMu.Lock()
	defer w.scMu.Unlock()
	sc := &SubConn{addr: addr}
	w.subConns[sc] = true
	return sc
}

func (w *ccWrapper) UpdatePicker(ready []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.picker = ready
}

// handleResolvedAddrs is called by the resolver's goroutine.
func (w *ccWrapper) handleResolvedAddrs(addrs []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	time.Sleep(5 * time.Millisecond) // filters the addresses by the service config
	w.balancer.UpdateAddresses(addrs)
}

// handleSubConnState is called by a sub-connection's transport goroutine.
func (w *ccWrapper) handleSubConnState(sc *SubConn, s State) {
	w.balancer.SubConnStateChange(sc, s)
}

func (w *ccWrapper) String() string {
	return fmt.Sprintf("cc(%s, %d subconns)", w.target, len(w.subConns))
}
