package watchremovednocancel

import (
	"context"
	"log"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Revision struct {
	Namespace string
	Name      string
	Ready     bool
}

type watch struct {
	rev     Revision
	cancel  context.CancelFunc
	started time.Time
}

// ReadinessTracker watches each tracked revision until it is removed.
type ReadinessTracker struct {
	mu      sync.Mutex
	watches map[string]*watch
	probe   func(ctx context.Context, rev Revision) bool
	ready   map[string]bool
}

func NewReadinessTracker(probe func(context.Context, Revision) bool) *ReadinessTracker {
	return &ReadinessTracker{watches: map[string]*watch{}, ready: map[string]bool{}, probe: probe}
}

func key(rev Revision) string { return rev.Namespace + "/" + rev.Name }

func (t *ReadinessTracker) Track(ctx context.Context, rev Revision) {
	ctx, cancel := context.WithCancel(ctx)
	t.mu.Lock()
	t.watches[key(rev)] = &watch{rev: rev, cancel: cancel, started: time.Now()}
	t.mu.Unlock()
	go t.watchLoop(ctx, rev)
}

func (t *ReadinessTracker) watchLoop(ctx context.Context, rev Revision) {
	ticker := time.NewTicker(5 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			ok := t.probe(ctx, rev)
			t.mu.Lock()
			t.ready[key(rev)] = ok
			t.mu.Unlock()
		case <-ctx.Done():
			log.Printf("stopped watching %s", key(rev))
			return
		}
	}
}

// Untrack forgets a revision that was deleted.
func (t *ReadinessTracker) Untrack(rev Revision) {
	t.mu.Lock()
	defer t.mu.Unlock()
	w, ok := t.watches[key(rev)]
	if !ok {
		return
	}
	w.cancel()
	delete(t.watches, key(rev))
	delete(t.ready, key(rev))
}

func TestUntrackStopsWatch(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		tr := NewReadinessTracker(func(context.Context, Revision) bool { return true })
		rev := Revision{Namespace: "default", Name: "hello-00001"}
		tr.Track(context.Background(), rev)
		time.Sleep(20 * time.Millisecond)
		tr.Untrack(rev)
	})
}
