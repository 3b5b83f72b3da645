package clusterleavewait

import (
	"context"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type fakeNode struct {
	once sync.Once
	done chan struct{}
}

func (n *fakeNode) Start(context.Context) error { return nil }
func (n *fakeNode) Stop(context.Context) error {
	n.once.Do(func() { close(n.done) })
	return nil
}
func (n *fakeNode) Done() <-chan struct{}     { return n.done }
func (n *fakeNode) Err(context.Context) error { return context.Canceled }

func TestLeaveSwarm(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := &Cluster{}
		if err := c.startNewNode(&fakeNode{done: make(chan struct{})}); err != nil {
			t.Fatalf("start: %v", err)
		}
		if err := c.Leave(false); err != nil {
			t.Errorf("leave: %v", err)
		}
	})
}
