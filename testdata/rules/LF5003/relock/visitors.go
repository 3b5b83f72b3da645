package relock

import "sync"

// A revision tracker pruning through its own visitor: the literal runs inside forEach, under Prune's lock, and
// calls Remove, which takes that lock again.
type revision struct {
	name  string
	ready bool
}

type tracker struct {
	mu        sync.Mutex
	revisions map[string]*revision
}

func (t *tracker) Remove(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.revisions, name)
}

func (t *tracker) forEach(visit func(*revision)) {
	for _, r := range t.revisions {
		visit(r)
	}
}

func (t *tracker) Prune() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.forEach(func(r *revision) {
		if !r.ready {
			t.Remove(r.name) // want `this call reaches a Lock of t.mu \(through Remove\) while Prune still holds it locked`
		}
	})
}

// The fixes, and visitors that run elsewhere.

func (t *tracker) removeLocked(name string) { delete(t.revisions, name) }

func (t *tracker) PruneFixed() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.forEach(func(r *revision) {
		if !r.ready {
			t.removeLocked(r.name)
		}
	})
}

// The visitor runs in a goroutine of its own: no relock of this goroutine's lock.
func (t *tracker) forEachAsync(visit func(*revision)) {
	for _, r := range t.revisions {
		go visit(r)
	}
}

func (t *tracker) PruneAsync() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.forEachAsync(func(r *revision) {
		t.Remove(r.name)
	})
}

// Stored for later, not called: no relock now.
type hooks struct {
	mu      sync.Mutex
	onClose []func()
}

func (h *hooks) register(f func()) { h.onClose = append(h.onClose, f) }

func (h *hooks) Setup(t *tracker) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.register(func() { h.mu.Lock(); h.mu.Unlock() })
}
