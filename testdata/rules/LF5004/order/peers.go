package order

import "sync"

// Two ends of an in-memory pipe, each pointing at the other. Close holds its own end's lock while it tells the peer;
// closing both ends at once makes each wait for the other's lock.
type pipeEnd struct {
	mu     sync.Mutex
	peer   *pipeEnd
	closed bool
	buf    []byte
}

func newPipe() (*pipeEnd, *pipeEnd) {
	a, b := &pipeEnd{}, &pipeEnd{}
	a.peer, b.peer = b, a
	return a, b
}

func (e *pipeEnd) remoteClosed() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
}

func (e *pipeEnd) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.buf = nil
	e.peer.remoteClosed() // want `Close takes e\.peer\.mu \(through remoteClosed\) while holding e\.mu \(locked at line 27\), two mutexes of one class \(pipeEnd\.mu\), and the package links two pipeEnds to each other through peer \(line 16\)`
}

// Linked by a literal and an assignment.
type side struct {
	mu    sync.Mutex
	other *side
	n     int
}

func newSides() *side {
	a := &side{}
	b := &side{other: a}
	a.other = b
	return a
}

func (s *side) bump() {
	s.mu.Lock()
	s.n++
	s.other.mu.Lock() // want `bump takes s\.other\.mu while holding s\.mu \(locked at line 48\), two mutexes of one class \(side\.mu\)`
	s.other.n++
	s.other.mu.Unlock()
	s.mu.Unlock()
}

// The fix: the end releases its own lock before it tells the peer.
type calmEnd struct {
	mu     sync.Mutex
	peer   *calmEnd
	closed bool
}

func newCalmPipe() (*calmEnd, *calmEnd) {
	a, b := &calmEnd{}, &calmEnd{}
	a.peer, b.peer = b, a
	return a, b
}

func (e *calmEnd) remoteClosed() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
}

func (e *calmEnd) Close() {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.peer.remoteClosed()
}

// A list locked hand over hand, always towards the tail: one order, no cycle (next is not linked back).
type node struct {
	mu   sync.Mutex
	next *node
	v    int
}

func push(head *node, v int) *node {
	n := &node{v: v}
	n.next = head
	return n
}

func (n *node) sumTwo() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.next == nil {
		return n.v
	}
	n.next.mu.Lock()
	defer n.next.mu.Unlock()
	return n.v + n.next.v
}
