package valuereceiverbump

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// Revision is the store's current revision; readers can wait for it to reach a target.
type Revision struct {
	mu   *sync.Mutex
	cond *sync.Cond
	rev  int64
}

func NewRevision() *Revision {
	mu := &sync.Mutex{}
	return &Revision{mu: mu, cond: sync.NewCond(mu)}
}

// Bump advances the revision and wakes the waiters.
func (r *Revision) Bump() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rev++
	r.cond.Broadcast()
	return r.rev
}

func (r *Revision) Current() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rev
}

// WaitAtLeast blocks until the revision is at least want.
func (r *Revision) WaitAtLeast(want int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.rev < want {
		r.cond.Wait()
	}
}

type Store struct {
	rev  *Revision
	mu   sync.Mutex
	data map[string]string
}

func NewStore() *Store { return &Store{rev: NewRevision(), data: map[string]string{}} }

func (s *Store) Put(k, v string) int64 {
	s.mu.Lock()
	s.data[k] = v
	s.mu.Unlock()
	return s.rev.Bump()
}

// Get waits until the store has caught up with rev, then reads k.
func (s *Store) Get(k string, rev int64) string {
	s.rev.WaitAtLeast(rev)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data[k]
}

func TestReadYourWrite(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewStore()
		got := make(chan string)
		go func() { got <- s.Get("/config/feature", 1) }()
		time.Sleep(20 * time.Millisecond) // the reader is ahead of the writer
		if rev := s.Put("/config/feature", "on"); rev != 1 {
			t.Errorf("rev = %d", rev)
		}
		if v := <-got; v != "on" {
			t.Errorf("get = %q", v)
		}
	})
}
