package wired

// A node and its transport, each a run loop, wired by a constructor through locals: the node's sendc is the
// transport's in, the transport's deliver is the node's recvc. The node sends an append per peer in one case; the
// transport answers the first on deliver while the node is still sending the second.

type msg struct {
	kind  string
	to    uint64
	index uint64
}

type transport struct {
	in      chan msg
	deliver chan msg
	stopc   chan struct{}
}

func (t *transport) run() {
	for {
		select {
		case m := <-t.in:
			if m.kind == "app" {
				t.deliver <- msg{kind: "appResp", to: m.to, index: m.index} // want `transport.run blocks on a plain send on the unbuffered t.deliver, which only the node.run loop receives, while node.run blocks the same way on n.sendc`
			}
		case <-t.stopc:
			return
		}
	}
}

type node struct {
	sendc chan msg
	recvc chan msg
	propc chan string
	stopc chan struct{}
	peers []uint64
	index uint64
}

func (n *node) run() {
	for {
		select {
		case <-n.propc:
			n.index++
			for _, p := range n.peers {
				n.sendc <- msg{kind: "app", to: p, index: n.index}
			}
		case m := <-n.recvc:
			_ = m
		case <-n.stopc:
			return
		}
	}
}

func newCluster(peers []uint64) (*node, *transport) {
	recvc := make(chan msg)
	in := make(chan msg)
	t := &transport{in: in, deliver: recvc, stopc: make(chan struct{})}
	n := &node{sendc: in, recvc: recvc, propc: make(chan string), stopc: make(chan struct{}), peers: peers}
	go t.run()
	go n.run()
	return n, t
}

// Fixed: the node's mailbox is buffered, so the transport can hand over answers while the node sends.
type bufTransport struct {
	in      chan msg
	deliver chan msg
	stopc   chan struct{}
}

func (t *bufTransport) run() {
	for {
		select {
		case m := <-t.in:
			t.deliver <- m
		case <-t.stopc:
			return
		}
	}
}

type bufNode struct {
	sendc chan msg
	recvc chan msg
	propc chan string
	stopc chan struct{}
}

func (n *bufNode) run() {
	for {
		select {
		case <-n.propc:
			n.sendc <- msg{kind: "app"}
		case <-n.recvc:
		case <-n.stopc:
			return
		}
	}
}

func newBufCluster() (*bufNode, *bufTransport) {
	recvc := make(chan msg, 128)
	in := make(chan msg)
	t := &bufTransport{in: in, deliver: recvc, stopc: make(chan struct{})}
	n := &bufNode{sendc: in, recvc: recvc, propc: make(chan string), stopc: make(chan struct{})}
	go t.run()
	go n.run()
	return n, t
}

// The wired channel is also handed to a third party (a test hook reads it): someone else may serve it.
type hookTransport struct {
	in      chan msg
	deliver chan msg
	stopc   chan struct{}
}

func (t *hookTransport) run() {
	for {
		select {
		case m := <-t.in:
			t.deliver <- m
		case <-t.stopc:
			return
		}
	}
}

type hookNode struct {
	sendc chan msg
	recvc chan msg
	propc chan string
	stopc chan struct{}
}

func (n *hookNode) run() {
	for {
		select {
		case <-n.propc:
			n.sendc <- msg{kind: "app"}
		case <-n.recvc:
		case <-n.stopc:
			return
		}
	}
}

func newHookCluster(tap func(chan msg)) (*hookNode, *hookTransport) {
	recvc := make(chan msg)
	in := make(chan msg)
	tap(recvc)
	t := &hookTransport{in: in, deliver: recvc, stopc: make(chan struct{})}
	n := &hookNode{sendc: in, recvc: recvc, propc: make(chan string), stopc: make(chan struct{})}
	go t.run()
	go n.run()
	return n, t
}
