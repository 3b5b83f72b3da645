package resolvenowunderlock

import (
	"context"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Address struct{ Addr string }

type State struct{ Addresses []Address }

type ResolveNowOptions struct{}

type ConnectivityState int

const (
	Idle ConnectivityState = iota
	Ready
	TransientFailure
)

// dnsResolver watches for the name resolution update for a target.
type dnsResolver struct {
	host   string
	lookup func(host string) []Address
	freq   time.Duration
	ctx    context.Context
	cancel context.CancelFunc
	cc     *ClientConn
	// rn asks the watcher to re-resolve immediately.
	rn chan struct{}
	wg sync.WaitGroup
}

// ResolveNow invokes an immediate resolution of the target that this dnsResolver watches.
func (d *dnsResolver) ResolveNow(ResolveNowOptions) {
	select {
	case d.rn <- struct{}{}:
	default:
	}
}

func (d *dnsResolver) Close() {
	d.cancel()
	d.wg.Wait()
}

func (d *dnsResolver) watcher() {
	defer d.wg.Done()
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-d.ctx.Done():
			return
		case <-t.C:
		case <-d.rn:
		}
		addrs := d.lookup(d.host)
		d.cc.UpdateState(State{Addresses: addrs})
		t.Reset(d.freq)
	}
}

type ClientConn struct {
	mu       sync.Mutex
	resolver *dnsResolver
	addrs    []Address
	csState  ConnectivityState
}

// UpdateState is called by the resolver with new addresses.
func (cc *ClientConn) UpdateState(s State) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.addrs = s.Addresses
}

// handleSubConnStateChange is called by the balancer when a subconn changes state.
func (cc *ClientConn) handleSubConnStateChange(s ConnectivityState) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.csState = s
	if s == TransientFailure {
		// The backend went away: the addresses may be stale.
		cc.resolver.ResolveNow(ResolveNowOptions{})
	}
}

func TestResolveNowWhileResolving(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		cc := &ClientConn{}
		gate := make(chan struct{})
		d := &dnsResolver{host: "backend.svc.cluster.local", freq: time.Hour, cc: cc, rn: make(chan struct{}, 1)}
		d.lookup = func(string) []Address {
			<-gate // DNS query in flight
			return []Address{{Addr: "10.0.0.7:443"}}
		}
		d.ctx, d.cancel = context.WithCancel(context.Background())
		cc.resolver = d
		d.wg.Add(1)
		go d.watcher()
		time.Sleep(10 * time.Millisecond)
		done := make(chan struct{})
		go func() {
			cc.handleSubConnStateChange(TransientFailure)
			close(done)
		}()
		time.Sleep(10 * time.Millisecond)
		close(gate)
		<-done
		d.Close()
	})
}
