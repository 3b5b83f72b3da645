package janitoroutlivesclose

import (
	"sync"
	"time"
)

type Sessions struct {
	mu      sync.Mutex
	ttl     time.Duration
	expires map[string]time.Time
	stop    chan struct{}
	done    chan struct{}
}

func NewSessions(ttl time.Duration) *Sessions {
	s := &Sessions{ttl: ttl, expires: map[string]time.Time{}, stop: make(chan struct{}), done: make(chan struct{})}
	go s.janitor()
	return s
}

func (s *Sessions) janitor() {
	defer close(s.done)
	t := time.NewTicker(s.ttl / 2)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case now := <-t.C:
			s.mu.Lock()
			for id, at := range s.expires {
				if now.After(at) {
					delete(s.expires, id)
				}
			}
			s.mu.Unlock()
		}
	}
}

func (s *Sessions) Touch(id string) {
	s.mu.Lock()
	s.expires[id] = time.Now().Add(s.ttl)
	s.mu.Unlock()
}

func (s *Sessions) Close() {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	s.expires = map[string]time.Time{}
	s.mu.Unlock()
}
