package pendingfuncchanrelock

import (
	"errors"
	"sync"
)

type ConfChange struct {
	Add    bool
	NodeID uint64
}

var ErrBusy = errors.New("too many pending changes")

// Node is a raft-like node. Work that must run on the tick path is queued as closures on a buffered
// channel and drained by Tick.
type Node struct {
	mu      sync.Mutex
	term    uint64
	elapsed int
	voters  map[uint64]bool
	pending chan func()
}

func NewNode(id uint64) *Node {
	return &Node{voters: map[uint64]bool{id: true}, pending: make(chan func(), 16)}
}

// ProposeConfChange queues a membership change; it is applied on the next tick.
func (n *Node) ProposeConfChange(cc ConfChange) error {
	select {
	case n.pending <- func() { n.applyConfChange(cc) }:
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

// Tick advances the logical clock and runs the queued work.
func (n *Node) Tick() {
	n.mu.Lock()
	n.elapsed++
	if n.elapsed >= 10 {
		n.elapsed = 0
		n.term++
	}
	n.mu.Unlock()
	n.drainPending()
}

func (n *Node) drainPending() {
	for {
		select {
		case f := <-n.pending:
			f()
		default:
			return
		}
	}
}

func (n *Node) Voters() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.voters)
}
