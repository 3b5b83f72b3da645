package sharedparent

import "sync"

// Nodes of a tree that share their root's mutex pointer: a child's `parent.mu` is its own `mu`, so a child that
// holds its lock and calls into its parent locks the same mutex again.

type Scope struct {
	mu       *sync.RWMutex
	name     string
	parent   *Scope
	vars     map[string]string
	resolved map[string]bool
}

func NewRoot() *Scope { return newScope(&sync.RWMutex{}, "root", nil) }

func newScope(mu *sync.RWMutex, name string, parent *Scope) *Scope {
	return &Scope{mu: mu, name: name, parent: parent, vars: map[string]string{}, resolved: map[string]bool{}}
}

func (s *Scope) Child(name string) *Scope {
	s.mu.Lock()
	defer s.mu.Unlock()
	return newScope(s.mu, name, s)
}

func (s *Scope) Set(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vars[k] = v
	if s.parent != nil {
		s.parent.invalidate(s.name) // want `this call reaches a Lock of s\.mu \(through invalidate\) while Set still holds it locked since line 29 \(its parent.s mu is that same mutex: every Scope built with a parent shares its parent.s mu pointer\)`
	}
}

func (s *Scope) invalidate(child string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.resolved, child)
}

// Two hops up: the grandparent's mutex is the same one too.
func (s *Scope) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.parent != nil && s.parent.parent != nil {
		s.parent.parent.mu.Lock() // want `s\.mu .*locked again`
		s.parent.parent.vars = map[string]string{}
		s.parent.parent.mu.Unlock()
	}
}

// The fix: the parent's helper expects the shared lock held.
func (s *Scope) SetFixed(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vars[k] = v
	if s.parent != nil {
		s.parent.invalidateLocked(s.name)
	}
}

// invalidateLocked must be called with s.mu held.
func (s *Scope) invalidateLocked(child string) { delete(s.resolved, child) }

// Negatives: each node with a mutex of its own.

// A child given a fresh mutex: the parent's is another one.
type Node struct {
	mu     *sync.Mutex
	parent *Node
	count  int
}

func (n *Node) Child() *Node { return &Node{mu: &sync.Mutex{}, parent: n} }

func (n *Node) Add() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.count++
	if n.parent != nil {
		n.parent.bump()
	}
}

func (n *Node) bump() {
	n.mu.Lock()
	n.count++
	n.mu.Unlock()
}

// A mutex value field: every node has its own.
type Dir struct {
	mu     sync.Mutex
	parent *Dir
	size   int
}

func (d *Dir) Sub() *Dir { return &Dir{parent: d} }

func (d *Dir) Grow(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.size += n
	if d.parent != nil {
		d.parent.Grow(n)
	}
}

// A constructor some caller gives another tree's mutex: not every child shares its parent's.
type Group struct {
	mu     *sync.Mutex
	parent *Group
	n      int
}

func newGroup(mu *sync.Mutex, parent *Group) *Group { return &Group{mu: mu, parent: parent} }

func (g *Group) Sub() *Group { return newGroup(g.mu, g) }

func (g *Group) Adopt(other *Group) *Group { return newGroup(other.mu, g) }

func (g *Group) Inc() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	if g.parent != nil {
		g.parent.inc()
	}
}

func (g *Group) inc() {
	g.mu.Lock()
	g.n++
	g.mu.Unlock()
}

// The mutex field assigned after construction: whatever it points to is not known.
type Layer struct {
	mu     *sync.Mutex
	parent *Layer
	n      int
}

func (l *Layer) Sub() *Layer { return &Layer{mu: l.mu, parent: l} }

func (l *Layer) Detach() { l.mu = &sync.Mutex{} }

func (l *Layer) Inc() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	if l.parent != nil {
		l.parent.inc()
	}
}

func (l *Layer) inc() {
	l.mu.Lock()
	l.n++
	l.mu.Unlock()
}
