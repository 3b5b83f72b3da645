package nodetransportcross

import (
	"fmt"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Message struct {
	Type  string
	From  uint64
	To    uint64
	Index uint64
}

// transport delivers the node's outgoing messages to peers and the peers' messages to the node.
type transport struct {
	in      chan Message // from the node
	deliver chan Message // to the node: the node's recvc
	wire    chan Message // the network: what peers send us
	stopc   chan struct{}
	sent    int
}

func (t *transport) run() {
	for {
		select {
		case m := <-t.in:
			t.sent++
			if m.Type == "MsgApp" {
				// A peer answers every append at once on the same connection.
				t.deliver <- Message{Type: "MsgAppResp", From: m.To, To: m.From, Index: m.Index}
			}
		case m := <-t.wire:
			t.deliver <- m
		case <-t.stopc:
			return
		}
	}
}

// node runs the consensus loop; it sends through its transport and receives what the transport delivers.
type node struct {
	id      uint64
	sendc   chan Message // the transport's in
	recvc   chan Message
	propc   chan string
	stopc   chan struct{}
	matched map[uint64]uint64
	peers   []uint64
	index   uint64
}

func (n *node) run() {
	for {
		select {
		case data := <-n.propc:
			n.index++
			_ = data
			for _, p := range n.peers {
				n.sendc <- Message{Type: "MsgApp", From: n.id, To: p, Index: n.index}
			}
		case m := <-n.recvc:
			n.step(m)
		case <-n.stopc:
			return
		}
	}
}

func (n *node) step(m Message) {
	switch m.Type {
	case "MsgAppResp":
		if m.Index > n.matched[m.From] {
			n.matched[m.From] = m.Index
		}
	default:
		panic(fmt.Sprintf("unexpected %s", m.Type))
	}
}

// newCluster wires a node to its transport: each side's outgoing channel is the other's incoming one.
func newCluster(id uint64, peers []uint64) (*node, *transport) {
	// The node's mailbox is buffered, like a raft node's recvc, so the transport can hand over the
	// responses while the node is still sending appends.
	recvc := make(chan Message, 128)
	in := make(chan Message)
	t := &transport{in: in, deliver: recvc, wire: make(chan Message), stopc: make(chan struct{})}
	n := &node{id: id, sendc: in, recvc: recvc, propc: make(chan string), stopc: make(chan struct{}), matched: map[uint64]uint64{}, peers: peers}
	go t.run()
	go n.run()
	return n, t
}

func TestProposeToTwoPeers(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		n, tr := newCluster(1, []uint64{2, 3})
		n.propc <- "put foo bar"
		time.Sleep(20 * time.Millisecond)
		close(n.stopc)
		close(tr.stopc)
	})
}
