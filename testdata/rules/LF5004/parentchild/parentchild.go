package parentchild

import (
	"sync"
	"time"
)

// Two instances of one type along a parent/child relation: a node that holds its lock and takes its parent's (up the
// tree) while another path holds a node's lock and takes its children's (down it) is an AB-BA between a child and
// its parent.

type Span struct {
	parent *Span
	start  time.Time
	mu     struct {
		sync.Mutex
		finished bool
		duration time.Duration
		children []*Span
		childDur time.Duration
	}
}

func (s *Span) StartChild() *Span {
	c := &Span{parent: s, start: time.Now()}
	s.mu.Lock()
	s.mu.children = append(s.mu.children, c)
	s.mu.Unlock()
	return c
}

func (s *Span) Finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mu.finished = true
	s.mu.duration = time.Since(s.start)
	if s.parent != nil {
		s.parent.childFinished(s.mu.duration) // want `lock-order inversion between a Span and its parent: Finish takes s\.parent\.mu\.Mutex \(through childFinished\) while holding s\.mu\.Mutex .*Recording takes a child's Span\.mu\.Mutex, c\.mu\.Mutex \(through Recording\) at line 53`
	}
}

func (s *Span) childFinished(d time.Duration) {
	s.mu.Lock()
	s.mu.childDur += d
	s.mu.Unlock()
}

func (s *Span) Recording() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []time.Duration{s.mu.duration}
	for _, c := range s.mu.children {
		out = append(out, c.Recording()...)
	}
	return out
}

// A map of children locked directly, and the parent locked directly.
type Node struct {
	mu    sync.Mutex
	up    *Node
	kids  map[string]*Node
	count int
}

func (n *Node) Add(name string) *Node {
	k := &Node{up: n, kids: map[string]*Node{}}
	n.mu.Lock()
	n.kids[name] = k
	n.mu.Unlock()
	return k
}

func (n *Node) Bump() {
	n.mu.Lock()
	n.count++
	if n.up != nil {
		n.up.mu.Lock() // want `lock-order inversion between a Node and its up: Bump takes n\.up\.mu while holding n\.mu`
		n.up.count++
		n.up.mu.Unlock()
	}
	n.mu.Unlock()
}

func (n *Node) Total() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	t := n.count
	for _, k := range n.kids {
		k.mu.Lock()
		t += k.count
		k.mu.Unlock()
	}
	return t
}

// Negatives.

// The fix: the child's lock is released before the parent's is taken; locks go only down.
type Task struct {
	parent   *Task
	mu       sync.Mutex
	done     bool
	children []*Task
	finished int
}

func (t *Task) Spawn() *Task {
	c := &Task{parent: t}
	t.mu.Lock()
	t.children = append(t.children, c)
	t.mu.Unlock()
	return c
}

func (t *Task) Done() {
	t.mu.Lock()
	t.done = true
	t.mu.Unlock()
	if t.parent != nil {
		t.parent.childDone()
	}
}

func (t *Task) childDone() {
	t.mu.Lock()
	t.finished++
	t.mu.Unlock()
}

func (t *Task) Walk(f func(*Task)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f(t)
	for _, c := range t.children {
		c.Walk(f)
	}
}

// Only up the tree: a lock hierarchy from children to parents.
type Dir struct {
	mu     sync.Mutex
	parent *Dir
	subs   []*Dir
	size   int
}

func (d *Dir) Mkdir() *Dir {
	c := &Dir{parent: d}
	d.subs = append(d.subs, c)
	return c
}

func (d *Dir) Grow(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.size += n
	if d.parent != nil {
		d.parent.Grow(n)
	}
}

// Read locks both ways: readers do not exclude each other.
type Group struct {
	mu      sync.RWMutex
	parent  *Group
	members []*Group
	name    string
}

func (g *Group) Sub() *Group {
	c := &Group{parent: g}
	g.mu.Lock()
	g.members = append(g.members, c)
	g.mu.Unlock()
	return c
}

func (g *Group) Path() string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.parent == nil {
		return g.name
	}
	return g.parent.path() + "/" + g.name
}

func (g *Group) path() string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.name
}

func (g *Group) Names() []string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	var out []string
	for _, m := range g.members {
		m.mu.RLock()
		out = append(out, m.name)
		m.mu.RUnlock()
	}
	return out
}

// A list of peers of the same type that are no children: nothing links them to the parent field.
type Peer struct {
	mu     sync.Mutex
	parent *Peer
	peers  []*Peer
	n      int
}

func (p *Peer) Up() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.parent != nil {
		p.parent.mu.Lock()
		p.parent.n++
		p.parent.mu.Unlock()
	}
}

func (p *Peer) Broadcast() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, q := range p.peers {
		q.mu.Lock()
		q.n++
		q.mu.Unlock()
	}
}
