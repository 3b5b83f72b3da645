package funcchannel

import (
	"errors"
	"sync"
)

// A raft-like node queues work for the tick path as closures on a buffered channel; Tick drains it while it holds
// the node's lock, and a queued membership change locks the node again.
type ConfChange struct {
	Add    bool
	NodeID uint64
}

var ErrBusy = errors.New("busy")

type Node struct {
	mu      sync.Mutex
	elapsed int
	voters  map[uint64]bool
	pending chan func()
}

func NewNode(id uint64) *Node {
	return &Node{voters: map[uint64]bool{id: true}, pending: make(chan func(), 16)}
}

func (n *Node) ProposeConfChange(cc ConfChange) error {
	select {
	case n.pending <- func() { n.applyConfChange(cc) }: // want `reaches a Lock of n.mu \(through applyConfChange\) while Tick still holds it`
		return nil
	default:
		return ErrBusy
	}
}

func (n *Node) applyConfChange(cc ConfChange) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if cc.Add {
		n.voters[cc.NodeID] = true
	} else {
		delete(n.voters, cc.NodeID)
	}
}

func (n *Node) Tick() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.elapsed++
	for {
		select {
		case f := <-n.pending:
			f()
		default:
			return
		}
	}
}

// A cache whose refresh loop runs queued method values under its lock; one of them locks the cache again.
type Cache struct {
	mu      sync.Mutex
	entries map[string]string
	work    chan func()
	stop    chan struct{}
}

func NewCache() *Cache {
	c := &Cache{entries: map[string]string{}, work: make(chan func(), 8), stop: make(chan struct{})}
	go c.loop()
	return c
}

func (c *Cache) Invalidate() { c.work <- c.clear }

func (c *Cache) Touch() { c.work <- c.noop }

func (c *Cache) clear() {
	c.mu.Lock()
	c.entries = map[string]string{}
	c.mu.Unlock()
}

func (c *Cache) noop() {}

func (c *Cache) loop() {
	for {
		select {
		case f, ok := <-c.work:
			if !ok {
				return
			}
			c.mu.Lock()
			f() // want `reaches a Lock of c.mu \(through clear\) while loop still holds it`
			c.mu.Unlock()
		case <-c.stop:
			return
		}
	}
}
