package relockclosure

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Revision struct {
	Name    string
	Ready   bool
	Traffic int
}

type Tracker struct {
	mu        sync.Mutex
	revisions map[string]*Revision
}

func NewTracker() *Tracker { return &Tracker{revisions: map[string]*Revision{}} }

func (t *Tracker) Add(r *Revision) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.revisions[r.Name] = r
}

func (t *Tracker) Remove(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.revisions, name)
}

// forEach calls visit for every revision; it must be called with t.mu held.
func (t *Tracker) forEach(visit func(*Revision)) {
	for _, r := range t.revisions {
		visit(r)
	}
}

// Prune removes every revision that is not ready and takes no traffic.
func (t *Tracker) Prune() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.forEach(func(r *Revision) {
		if !r.Ready && r.Traffic == 0 {
			t.Remove(r.Name)
		}
	})
}

func TestPruneDropsIdleRevisions(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		tr := NewTracker()
		tr.Add(&Revision{Name: "hello-00001", Ready: true, Traffic: 100})
		tr.Add(&Revision{Name: "hello-00002"})
		tr.Prune()
		tr.mu.Lock()
		defer tr.mu.Unlock()
		if len(tr.revisions) != 1 {
			t.Errorf("revisions = %d", len(tr.revisions))
		}
	})
}
