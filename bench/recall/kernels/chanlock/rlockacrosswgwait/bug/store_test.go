package rlockacrosswgwait

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Replica struct {
	RangeID int64
	dirty   bool
}

type Store struct {
	mu       sync.RWMutex
	replicas map[int64]*Replica
	flushes  int
}

func (s *Store) markClean(r *Replica) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.dirty = false
	s.flushes++
}

// Flush writes every dirty replica concurrently and returns when all are written.
func (s *Store) Flush() {
	var wg sync.WaitGroup
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, r := range s.replicas {
		if !r.dirty {
			continue
		}
		wg.Add(1)
		go func(r *Replica) {
			defer wg.Done()
			s.markClean(r)
		}(r)
	}
	wg.Wait()
}

func TestFlushDirtyReplicas(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := &Store{replicas: map[int64]*Replica{1: {RangeID: 1, dirty: true}, 2: {RangeID: 2}, 3: {RangeID: 3, dirty: true}}}
		s.Flush()
		if s.flushes != 2 {
			t.Errorf("flushes = %d", s.flushes)
		}
	})
}
