package lockedvaluecopy

import (
	"fmt"
	"sync"
)

type Config struct {
	Kind      string
	Name      string
	Namespace string
	Spec      map[string]string
	Revision  int
}

func (c Config) key() string { return c.Kind + "/" + c.Namespace + "/" + c.Name }

// MemStore is the in-memory config store of the control plane; a push takes a snapshot of it so that
// the per-proxy generators see one consistent view.
type MemStore struct {
	mu       sync.RWMutex
	configs  map[string]Config
	revision int
	domain   string
}

func NewMemStore(domain string) *MemStore {
	return &MemStore{configs: map[string]Config{}, domain: domain}
}

func (s *MemStore) Create(c Config) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.configs[c.key()]; ok {
		return 0, fmt.Errorf("%s already exists", c.key())
	}
	s.revision++
	c.Revision = s.revision
	s.configs[c.key()] = c
	return s.revision, nil
}

func (s *MemStore) Get(kind, ns, name string) (Config, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.configs[kind+"/"+ns+"/"+name]
	return c, ok
}

// Snapshot returns a copy of the store that later writes to s do not change.
func (s *MemStore) Snapshot() *MemStore {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cp := MemStore{revision: s.revision, domain: s.domain}
	cp.configs = make(map[string]Config, len(s.configs))
	for k, v := range s.configs {
		cp.configs[k] = v
	}
	return &cp
}

// Overlay builds the view one proxy sees: the snapshot with the proxy's own sidecar config added.
func Overlay(base *MemStore, sidecar Config) (*MemStore, error) {
	view := base.Snapshot()
	if _, err := view.Create(sidecar); err != nil {
		return nil, err
	}
	return view, nil
}
