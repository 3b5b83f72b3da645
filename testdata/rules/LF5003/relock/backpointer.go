package relock

import "sync"

// A hub scans its members under its read lock; a member asks its hub for the size through its back-pointer,
// which read-locks the same hub again: a recursive RLock, which deadlocks once Add waits in between.
type hub struct {
	mu      sync.RWMutex
	members map[int]*member
	queue   *scanQueue
}

type member struct {
	id  int
	hub *hub
}

type scanQueue struct {
	sync.Mutex
	pending []int
}

func (q *scanQueue) maybeAdd(m *member) {
	q.Lock()
	defer q.Unlock()
	if m.shouldScan() {
		q.pending = append(q.pending, m.id)
	}
}

func (m *member) shouldScan() bool { return m.hub.size() > 1 }

func (h *hub) size() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.members)
}

func (h *hub) ScanAll() {
	h.mu.RLock()
	for _, m := range h.members {
		h.queue.maybeAdd(m) // want `this call reaches an RLock of h.mu \(through maybeAdd → shouldScan → size\) while ScanAll still holds it read-locked`
	}
	h.mu.RUnlock()
}

func (h *hub) ScanOne(id int) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if m, ok := h.members[id]; ok {
		m.hub.size() // want `this call reaches an RLock of h.mu \(through size\) while ScanOne still holds it read-locked`
	}
}

func (h *hub) Add(id int) {
	h.mu.Lock()
	h.members[id] = &member{id: id, hub: h}
	h.mu.Unlock()
}

// The fix: copy the members under the lock, scan them after it.
func (h *hub) ScanAllFixed() {
	h.mu.RLock()
	members := make([]*member, 0, len(h.members))
	for _, m := range h.members {
		members = append(members, m)
	}
	h.mu.RUnlock()
	for _, m := range members {
		h.queue.maybeAdd(m)
	}
}

// A tree's children are nodes like their parent: a child's field of that type may point anywhere, not followed.
type node struct {
	mu       sync.Mutex
	children []*node
	next     *node
}

func (n *node) visit() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, c := range n.children {
		c.next.touch()
	}
}

func (n *node) touch() {
	n.mu.Lock()
	n.mu.Unlock()
}

// An element with two fields pointing to its owner's type (a link's two ends): which one is the owner is unknown.
type graph struct {
	mu    sync.Mutex
	links []*link
}

type link struct {
	from, to *graph
}

func (g *graph) walk() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, l := range g.links {
		l.to.count()
	}
}

func (g *graph) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.links)
}

// A value built here with its back-pointer set: r.store is s.
type litStore struct {
	mu       sync.Mutex
	replicas map[int]*litReplica
	stats    int
}

type litReplica struct {
	id    int
	store *litStore
}

func (r *litReplica) report() {
	r.store.mu.Lock()
	r.store.stats++
	r.store.mu.Unlock()
}

func (s *litStore) AddReplica(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &litReplica{id: id, store: s}
	s.replicas[id] = r
	r.report() // want `this call reaches a Lock of s.mu \(through report\) while AddReplica still holds it locked`
}

// The pointer set again before the call: not followed.
func (s *litStore) Adopt(id int, other *litStore) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &litReplica{id: id, store: s}
	r.store = other
	r.report()
}
