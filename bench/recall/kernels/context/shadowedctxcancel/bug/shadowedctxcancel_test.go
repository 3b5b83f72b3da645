package shadowedctxcancel

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var ErrNoLeader = errors.New("etcdserver: no leader")

type Event struct {
	Key   string
	Value string
	Rev   int64
}

type requireLeaderKey struct{}

func withRequireLeader(ctx context.Context) context.Context {
	return context.WithValue(ctx, requireLeaderKey{}, true)
}

// Cluster is the server side the client talks to.
type Cluster interface {
	HasLeader() bool
	Updates() <-chan Event
}

type Client struct {
	cluster       Cluster
	requireLeader bool

	mu      sync.Mutex
	cancels map[string]context.CancelFunc
}

func NewClient(c Cluster, requireLeader bool) *Client {
	return &Client{cluster: c, requireLeader: requireLeader, cancels: map[string]context.CancelFunc{}}
}

func (c *Client) checkLeader(ctx context.Context) error {
	if ctx.Value(requireLeaderKey{}) != nil && !c.cluster.HasLeader() {
		return ErrNoLeader
	}
	return nil
}

// Watch streams the updates of key until CancelWatch(key) or the parent context ends.
func (c *Client) Watch(parent context.Context, key string) (<-chan Event, error) {
	ctx := parent
	var cancel context.CancelFunc
	if c.requireLeader {
		ctx, cancel := context.WithCancel(withRequireLeader(parent))
		if err := c.checkLeader(ctx); err != nil {
			cancel()
			return nil, err
		}
		c.mu.Lock()
		c.cancels[key] = cancel
		c.mu.Unlock()
	} else {
		ctx, cancel = context.WithCancel(parent)
		c.mu.Lock()
		c.cancels[key] = cancel
		c.mu.Unlock()
	}
	out := make(chan Event)
	go c.forward(ctx, key, out)
	return out, nil
}

func (c *Client) forward(ctx context.Context, key string, out chan<- Event) {
	defer close(out)
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-c.cluster.Updates():
			if ev.Key != key {
				continue
			}
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		}
	}
}

func (c *Client) CancelWatch(key string) {
	c.mu.Lock()
	cancel := c.cancels[key]
	delete(c.cancels, key)
	c.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

type fakeCluster struct{ updates chan Event }

func (f fakeCluster) HasLeader() bool       { return true }
func (f fakeCluster) Updates() <-chan Event { return f.updates }

func TestWatchThenCancel(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		cl := fakeCluster{updates: make(chan Event)}
		c := NewClient(cl, true)
		ch, err := c.Watch(context.Background(), "/config/feature-x")
		if err != nil {
			t.Fatal(err)
		}
		cl.updates <- Event{Key: "/config/feature-x", Value: "on", Rev: 3}
		if ev := <-ch; ev.Value != "on" {
			t.Errorf("event %v", ev)
		}
		c.CancelWatch("/config/feature-x")
		for range ch { // drains until the forwarder closes it
		}
	})
}
