package memberlisteventcycle

import (
	"errors"
	"sync"
	"time"
)

type NodeEventType int

const (
	NodeJoin NodeEventType = iota
	NodeLeave
)

type Node struct {
	Name string
	Addr string
}

type NodeEvent struct {
	Event NodeEventType
	Node  *Node
}

// Memberlist is the gossip layer: it learns about nodes and reports them on events.
type Memberlist struct {
	nodeLock sync.RWMutex
	nodes    map[string]*Node
	events   chan<- NodeEvent
}

func NewMemberlist(events chan<- NodeEvent) *Memberlist {
	return &Memberlist{nodes: map[string]*Node{}, events: events}
}

// aliveNode is called by the gossip handler when a node is heard from.
func (m *Memberlist) aliveNode(name, addr string) {
	m.nodeLock.Lock()
	n, ok := m.nodes[name]
	if ok && n.Addr == addr {
		m.nodeLock.Unlock()
		return
	}
	n = &Node{Name: name, Addr: addr}
	m.nodes[name] = n
	m.nodeLock.Unlock()
	// Notify without nodeLock: the receiver may call back into NumMembers.
	m.events <- NodeEvent{Event: NodeJoin, Node: n}
}

func (m *Memberlist) NumMembers() int {
	m.nodeLock.RLock()
	defer m.nodeLock.RUnlock()
	return len(m.nodes)
}

// Broadcaster sends a message to the cluster (it waits for a few acks).
type Broadcaster interface {
	Broadcast(msg string) error
}

type SerfState int

const (
	SerfAlive SerfState = iota
	SerfLeft
)

type memberState struct {
	Node   *Node
	Status string
}

type Serf struct {
	ml          *Memberlist
	eventCh     chan NodeEvent
	broadcaster Broadcaster
	shutdownCh  chan struct{}

	memberLock sync.Mutex
	members    map[string]*memberState
	state      SerfState
}

func NewSerf(b Broadcaster) *Serf {
	s := &Serf{eventCh: make(chan NodeEvent), broadcaster: b, shutdownCh: make(chan struct{}),
		members: map[string]*memberState{}}
	s.ml = NewMemberlist(s.eventCh)
	go s.handleNodeEvents()
	return s
}

func (s *Serf) handleNodeEvents() {
	for {
		select {
		case e := <-s.eventCh:
			s.handleNodeJoin(e)
		case <-s.shutdownCh:
			return
		}
	}
}

func (s *Serf) handleNodeJoin(e NodeEvent) {
	s.memberLock.Lock()
	defer s.memberLock.Unlock()
	s.members[e.Node.Name] = &memberState{Node: e.Node, Status: "alive"}
}

// Leave announces our departure; a lone node skips waiting for the cluster.
func (s *Serf) Leave() error {
	s.memberLock.Lock()
	defer s.memberLock.Unlock()
	if s.state == SerfLeft {
		return errors.New("already left")
	}
	if err := s.broadcaster.Broadcast("leave"); err != nil {
		return err
	}
	if s.ml.NumMembers() > 1 {
		time.Sleep(time.Millisecond) // let the intent propagate
	}
	s.state = SerfLeft
	return nil
}

func (s *Serf) Shutdown() { close(s.shutdownCh) }

type slowBroadcaster struct{ delay time.Duration }

func (b slowBroadcaster) Broadcast(string) error { time.Sleep(b.delay); return nil }
