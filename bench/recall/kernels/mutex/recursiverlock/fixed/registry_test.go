package recursiverlock

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// TestingKnobs lets tests stop a snapshot between its steps, as the server's knobs do.
type TestingKnobs struct {
	AfterSnapshotStart func()
}

type Registry struct {
	mu     sync.RWMutex
	values map[string]string
	knobs  TestingKnobs
}

func NewRegistry(knobs TestingKnobs) *Registry {
	return &Registry{values: map[string]string{}, knobs: knobs}
}

func (r *Registry) Set(k, v string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.values[k] = v
}

func (r *Registry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.values)
}

// Snapshot copies every setting.
func (r *Registry) Snapshot() map[string]string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if f := r.knobs.AfterSnapshotStart; f != nil {
		f()
	}
	out := make(map[string]string, len(r.values))
	for k, v := range r.values {
		out[k] = v
	}
	return out
}

func TestSnapshotWithConcurrentWriter(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		var r *Registry
		writerDone := make(chan struct{})
		r = NewRegistry(TestingKnobs{AfterSnapshotStart: func() {
			go func() {
				defer close(writerDone)
				r.Set("kv.rangefeed.enabled", "true")
			}()
			time.Sleep(100 * time.Millisecond) // let the writer queue on the lock
		}})
		r.Set("server.time_until_store_dead", "5m")
		if s := r.Snapshot(); len(s) == 0 {
			t.Errorf("empty snapshot")
		}
		<-writerDone
	})
}
