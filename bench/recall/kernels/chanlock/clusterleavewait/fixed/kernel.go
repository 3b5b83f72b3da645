package clusterleavewait

import (
	"context"
	"errors"
	"sync"
)

var errNoSwarm = errors.New("this node is not part of a swarm")

// swarmNode is the embedded swarmkit node.
type swarmNode interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	Done() <-chan struct{}
	Err(ctx context.Context) error
}

// nodeRunner runs a swarmkit node and reports its exit to the cluster.
type nodeRunner struct {
	cluster *Cluster
	swarmNode
	done chan struct{} // closed when the node has exited and the cluster was updated
	err  error
}

func (n *nodeRunner) handleNodeExit(node swarmNode) {
	err := node.Err(context.Background())
	n.cluster.mu.Lock()
	if n.cluster.nr == n {
		n.cluster.nr = nil
	}
	n.cluster.attachments = nil
	n.cluster.mu.Unlock()
	n.err = err
	close(n.done)
}

func (n *nodeRunner) Stop() error {
	if err := n.swarmNode.Stop(context.Background()); err != nil {
		return err
	}
	<-n.done
	return nil
}

// Cluster provides the swarm-mode API of the daemon.
type Cluster struct {
	mu          sync.RWMutex
	nr          *nodeRunner
	attachments map[string]string
}

func (c *Cluster) startNewNode(node swarmNode) error {
	nr := &nodeRunner{cluster: c, swarmNode: node, done: make(chan struct{})}
	if err := node.Start(context.Background()); err != nil {
		return err
	}
	c.mu.Lock()
	c.nr = nr
	c.attachments = map[string]string{}
	c.mu.Unlock()
	go func() {
		<-node.Done()
		nr.handleNodeExit(node)
	}()
	return nil
}

// Leave shuts down the swarm node and removes this daemon from the cluster.
func (c *Cluster) Leave(force bool) error {
	c.mu.Lock()
	nr := c.nr
	c.mu.Unlock()
	if nr == nil {
		return errNoSwarm
	}
	if err := nr.Stop(); err != nil {
		return err
	}
	c.mu.Lock()
	c.nr = nil
	c.mu.Unlock()
	return nil
}
