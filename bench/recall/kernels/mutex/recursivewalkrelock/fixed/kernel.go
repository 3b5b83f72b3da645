package recursivewalkrelock

import (
	"errors"
	"path"
	"sort"
	"strings"
	"sync"
)

var ErrNotFound = errors.New("cgroup not found")

type Resources struct {
	MemoryLimit int64
	CPUShares   uint64
}

type group struct {
	path      string
	resources Resources
	memUsage  int64
	children  []string
}

// Manager tracks a cgroup hierarchy rooted at "/".
type Manager struct {
	mu     sync.Mutex
	groups map[string]*group
}

func NewManager() *Manager {
	return &Manager{groups: map[string]*group{"/": {path: "/"}}}
}

// Create adds a group under its parent, which must exist.
func (m *Manager) Create(p string, res Resources) error {
	p = path.Clean(p)
	m.mu.Lock()
	defer m.mu.Unlock()
	parent, ok := m.groups[path.Dir(p)]
	if !ok {
		return ErrNotFound
	}
	if _, exists := m.groups[p]; !exists {
		parent.children = append(parent.children, p)
		sort.Strings(parent.children)
	}
	m.groups[p] = &group{path: p, resources: res}
	return nil
}

// Charge records memory used by processes directly in group p.
func (m *Manager) Charge(p string, bytes int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	g, ok := m.groups[path.Clean(p)]
	if !ok {
		return ErrNotFound
	}
	g.memUsage += bytes
	return nil
}

// TotalUsage returns the memory used by group p and all of its descendants.
func (m *Manager) TotalUsage(p string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.totalUsageLocked(p)
}

// totalUsageLocked must be called with m.mu held.
func (m *Manager) totalUsageLocked(p string) (int64, error) {
	g, ok := m.groups[path.Clean(p)]
	if !ok {
		return 0, ErrNotFound
	}
	total := g.memUsage
	for _, c := range g.children {
		u, err := m.totalUsageLocked(c)
		if err != nil {
			return 0, err
		}
		total += u
	}
	return total, nil
}

// OverLimit lists the groups whose subtree uses more than their memory limit.
func (m *Manager) OverLimit() []string {
	m.mu.Lock()
	var paths []string
	for p, g := range m.groups {
		if g.resources.MemoryLimit > 0 {
			paths = append(paths, p)
		}
	}
	m.mu.Unlock()
	var over []string
	for _, p := range paths {
		u, err := m.TotalUsage(p)
		if err != nil {
			continue
		}
		m.mu.Lock()
		limit := m.groups[p].resources.MemoryLimit
		m.mu.Unlock()
		if u > limit {
			over = append(over, p)
		}
	}
	sort.Strings(over)
	return over
}

func (m *Manager) String() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	for p := range m.groups {
		b.WriteString(p)
		b.WriteByte('\n')
	}
	return b.String()
}
