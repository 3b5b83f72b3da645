package dialerrnocancel

import (
	"context"
	"sync"
)

type State int

const (
	Idle State = iota
	Connecting
	Ready
	TransientFailure
	Shutdown
)

// Resolver watches the target's name and pushes address updates.
type Resolver interface {
	Updates() <-chan []string
	Close()
}

type dialOptions struct {
	block  bool
	dialer func(ctx context.Context, addr string) error
}

type DialOption func(*dialOptions)

func WithBlock() DialOption { return func(o *dialOptions) { o.block = true } }

func WithDialer(f func(context.Context, string) error) DialOption {
	return func(o *dialOptions) { o.dialer = f }
}

type ClientConn struct {
	ctx      context.Context
	cancel   context.CancelFunc
	target   string
	dopts    dialOptions
	resolver Resolver

	mu      sync.Mutex
	state   State
	stateCh chan struct{} // closed and replaced on every state change
}

// DialContext creates a client connection to the given target.
func DialContext(ctx context.Context, target string, r Resolver, opts ...DialOption) (conn *ClientConn, err error) {
	cc := &ClientConn{target: target, resolver: r, stateCh: make(chan struct{})}
	cc.ctx, cc.cancel = context.WithCancel(context.Background())
	for _, opt := range opts {
		opt(&cc.dopts)
	}

	go cc.resolverWatcher()

	// A blocking dial blocks until the clientConn is ready.
	if cc.dopts.block {
		for {
			s := cc.GetState()
			if s == Ready {
				break
			}
			if !cc.WaitForStateChange(ctx, s) {
				// ctx got timeout or canceled.
				return nil, ctx.Err()
			}
		}
	}
	return cc, nil
}

func (cc *ClientConn) resolverWatcher() {
	for {
		select {
		case addrs, ok := <-cc.resolver.Updates():
			if !ok {
				return
			}
			cc.handleResolvedAddrs(addrs)
		case <-cc.ctx.Done():
			return
		}
	}
}

func (cc *ClientConn) handleResolvedAddrs(addrs []string) {
	cc.updateState(Connecting)
	for _, a := range addrs {
		if err := cc.dopts.dialer(cc.ctx, a); err == nil {
			cc.updateState(Ready)
			return
		}
	}
	cc.updateState(TransientFailure)
}

func (cc *ClientConn) updateState(s State) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.state = s
	close(cc.stateCh)
	cc.stateCh = make(chan struct{})
}

func (cc *ClientConn) GetState() State {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.state
}

// WaitForStateChange waits until the state changes from s or ctx expires.
func (cc *ClientConn) WaitForStateChange(ctx context.Context, s State) bool {
	cc.mu.Lock()
	if cc.state != s {
		cc.mu.Unlock()
		return true
	}
	ch := cc.stateCh
	cc.mu.Unlock()
	select {
	case <-ctx.Done():
		return false
	case <-ch:
		return true
	}
}

// Close tears down the ClientConn and all underlying connections.
func (cc *ClientConn) Close() error {
	cc.cancel()
	cc.mu.Lock()
	cc.state = Shutdown
	cc.mu.Unlock()
	cc.resolver.Close()
	return nil
}
