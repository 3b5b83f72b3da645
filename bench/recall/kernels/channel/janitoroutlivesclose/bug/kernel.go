package janitoroutlivesclose

import (
	"sync"
	"time"
)

type Sessions struct {
	mu      sync.Mutex
	ttl     time.Duration
	expires map[string]time.Time
}

func NewSessions(ttl time.Duration) *Sessions {
	s := &Sessions{ttl: ttl, expires: map[string]time.Time{}}
	go s.janitor()
	return s
}

func (s *Sessions) janitor() {
	t := time.NewTicker(s.ttl / 2)
	defer t.Stop()
	for now := range t.C {
		s.mu.Lock()
		for id, at := range s.expires {
			if now.After(at) {
				delete(s.expires, id)
			}
		}
		s.mu.Unlock()
	}
}

func (s *Sessions) Touch(id string) {
	s.mu.Lock()
	s.expires[id] = time.Now().Add(s.ttl)
	s.mu.Unlock()
}

func (s *Sessions) Close() {
	s.mu.Lock()
	s.expires = map[string]time.Time{}
	s.mu.Unlock()
}
