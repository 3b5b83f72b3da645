package deferunlockvar

import (
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var (
	errNotFound = errors.New("no such volume")
	errInUse    = errors.New("volume is in use")
)

type Volume struct {
	Name   string
	Driver string
	Refs   int
}

type Store struct {
	mu   sync.Mutex
	vols map[string]*Volume
}

func NewStore() *Store { return &Store{vols: map[string]*Volume{}} }

func (s *Store) Create(name, driver string) *Volume {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.vols[name]; ok {
		return v
	}
	v := &Volume{Name: name, Driver: driver}
	s.vols[name] = v
	return v
}

type RemoveOpts struct {
	// Locked says the caller already holds s.mu.
	Locked bool
}

func (s *Store) Remove(name string, opts RemoveOpts) error {
	unlock := func() {}
	defer func() { unlock() }()
	if !opts.Locked {
		s.mu.Lock()
		unlock = s.mu.Unlock
	}
	v, ok := s.vols[name]
	if !ok {
		return errNotFound
	}
	if v.Refs > 0 {
		return errInUse
	}
	delete(s.vols, name)
	return nil
}

// Prune removes every unreferenced volume in one pass under the lock.
func (s *Store) Prune() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var removed []string
	for name := range s.vols {
		if s.Remove(name, RemoveOpts{Locked: true}) == nil {
			removed = append(removed, name)
		}
	}
	sort.Strings(removed)
	return removed
}

func TestRemoveThenCreate(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewStore()
		s.Create("cache", "local")
		s.Create("db", "local").Refs++
		s.Create("tmp", "local")
		if got := s.Prune(); len(got) != 2 {
			t.Errorf("pruned %v", got)
		}
		if err := s.Remove("db", RemoveOpts{}); !errors.Is(err, errInUse) {
			t.Errorf("remove db: %v", err)
		}
		s.Create("logs", "local")
	})
}
