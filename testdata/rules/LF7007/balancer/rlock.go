package balancer

import (
	"sync"
	"sync/atomic"
	"time"
)

type session struct {
	mu       sync.RWMutex
	values   map[string]string
	lastUsed time.Time
	reads    int
	hits     atomic.Int64
}

// The read lock lets lookups run together, and each of them stamps the session: the stamps race.
func (s *session) lookup(k string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.lastUsed = time.Now() // want `writes s\.lastUsed while holding only the read lock of s\.mu \(RLock, line 19\)`
	return s.values[k]
}

func (s *session) count(k string) string {
	s.mu.RLock()
	v := s.values[k]
	s.reads++ // want `writes s\.reads while holding only the read lock of s\.mu`
	s.mu.RUnlock()
	return v
}

// Negative: the counter is atomic, and locals are the caller's own.
func (s *session) lookupAtomic(k string) (string, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.hits.Add(1)
	n := len(k)
	n++
	return s.values[k], n
}

// Negative: the write lock for the write.
func (s *session) touch() {
	s.mu.Lock()
	s.lastUsed = time.Now()
	s.mu.Unlock()
}
