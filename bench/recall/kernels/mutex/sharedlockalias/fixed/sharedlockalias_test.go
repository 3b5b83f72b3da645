package sharedlockalias

import (
	"strings"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// Scope is one level of a variable tree. The whole tree is guarded by a single lock that the root
// creates and every child copies, so a lookup walking up the parents needs one lock, not one per level.
type Scope struct {
	mu       *sync.RWMutex
	name     string
	parent   *Scope
	vars     map[string]string
	children map[string]*Scope
	resolved map[string]map[string]string // per child: its flattened view, rebuilt lazily
}

func NewRoot(name string) *Scope {
	return newScope(&sync.RWMutex{}, name, nil)
}

func newScope(mu *sync.RWMutex, name string, parent *Scope) *Scope {
	return &Scope{
		mu:       mu,
		name:     name,
		parent:   parent,
		vars:     map[string]string{},
		children: map[string]*Scope{},
		resolved: map[string]map[string]string{},
	}
}

// Child returns the named child scope, creating it on first use. It shares s's lock.
func (s *Scope) Child(name string) *Scope {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.children[name]; ok {
		return c
	}
	c := newScope(s.mu, name, s)
	s.children[name] = c
	return c
}

func (s *Scope) Path() string {
	var parts []string
	for sc := s; sc != nil; sc = sc.parent {
		parts = append(parts, sc.name)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ".")
}

// Set defines a variable in this scope and drops the parent's cached view of this child.
func (s *Scope) Set(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vars[key] = value
	if s.parent != nil {
		s.parent.invalidateLocked(s.name)
	}
}

// invalidateLocked must be called with s.mu held (it is the tree's one lock).
func (s *Scope) invalidateLocked(child string) {
	delete(s.resolved, child)
}

// Lookup resolves key in this scope or the nearest parent defining it.
func (s *Scope) Lookup(key string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for sc := s; sc != nil; sc = sc.parent {
		if v, ok := sc.vars[key]; ok {
			return v, true
		}
	}
	return "", false
}

func TestChildOverridesRoot(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		root := NewRoot("site")
		root.Set("baseURL", "https://example.org")
		blog := root.Child("blog")
		blog.Set("baseURL", "https://blog.example.org")
		if v, _ := blog.Lookup("baseURL"); v != "https://blog.example.org" {
			t.Errorf("baseURL = %q", v)
		}
		if p := blog.Path(); p == "" {
			t.Errorf("empty path")
		}
	})
}
