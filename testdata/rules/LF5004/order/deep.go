package order

import "sync"

// A store sends heartbeats under its coalesced lock and, through a helper, locks each replica it finds in its
// list; a replica's tick holds its own lock and, three calls deep, takes its store's coalesced lock.
type hbStore struct {
	coalescedMu struct {
		sync.Mutex
		beats map[int]int
	}
	mu struct {
		sync.Mutex
		replicas []*hbReplica
	}
}

type hbReplica struct {
	store *hbStore
	mu    sync.Mutex
	ticks int
}

func (r *hbReplica) reportUnreachable() {
	r.mu.Lock()
	r.ticks = 0
	r.mu.Unlock()
}

func (s *hbStore) sendToNodes() {
	for i := 0; i < len(s.mu.replicas); i++ {
		r := s.mu.replicas[i]
		r.reportUnreachable()
	}
}

func (s *hbStore) sendQueuedHeartbeats() {
	s.coalescedMu.Lock()
	defer s.coalescedMu.Unlock()
	s.sendToNodes() // want `lock-order inversion: sendQueuedHeartbeats takes r.mu \(hbReplica.mu\) \(through sendToNodes → reportUnreachable\) while holding s.coalescedMu.Mutex`
}

func (r *hbReplica) tick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tickLocked()
}

func (r *hbReplica) tickLocked() { r.maybeQuiesce() }

func (r *hbReplica) maybeQuiesce() { r.coalesce() }

func (r *hbReplica) coalesce() {
	r.store.coalescedMu.Lock()
	r.store.coalescedMu.beats[1]++
	r.store.coalescedMu.Unlock()
}

// The same two orders, both taken only under the cluster's control mutex (here, or by every caller): they
// never run at the same time.
type ctlCluster struct {
	controlMutex sync.Mutex
	mu           sync.Mutex
	nr           *ctlNode
}

type ctlNode struct {
	mu      sync.Mutex
	cluster *ctlCluster
	state   int
}

func (n *ctlNode) State() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.state
}

func (c *ctlCluster) sendEvent() {
	c.mu.Lock()
	c.mu.Unlock()
}

func (n *ctlNode) stop() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.cluster.sendEvent()
}

func (c *ctlCluster) Cleanup() {
	c.controlMutex.Lock()
	defer c.controlMutex.Unlock()
	c.mu.Lock()
	_ = c.nr.State()
	c.mu.Unlock()
}

func (c *ctlCluster) Leave() {
	c.controlMutex.Lock()
	defer c.controlMutex.Unlock()
	c.nr.stop()
}

// A helper that drops the caller's lock before it locks another object's mutex: no order between the two.
type subscription struct {
	mu   sync.Mutex
	conn *subConn
	sid  int
}

type subConn struct {
	subsMu sync.Mutex
	subs   map[int]*subscription
}

func (sub *subscription) applyNewSID() {
	nc := sub.conn
	sub.mu.Unlock()
	nc.subsMu.Lock()
	nc.subs[sub.sid] = sub
	nc.subsMu.Unlock()
	sub.mu.Lock()
}

func (sub *subscription) reset() {
	sub.mu.Lock()
	sub.applyNewSID()
	sub.mu.Unlock()
}

func (nc *subConn) close() {
	nc.subsMu.Lock()
	defer nc.subsMu.Unlock()
	for _, s := range nc.subs {
		s.mu.Lock()
		s.sid = 0
		s.mu.Unlock()
	}
}
