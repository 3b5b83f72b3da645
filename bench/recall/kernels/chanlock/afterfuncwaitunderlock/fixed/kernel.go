package afterfuncwaitunderlock

import (
	"log"
	"sync"
	"time"
)

type session struct {
	id      string
	node    string
	timer   *time.Timer
	expired chan struct{} // closed when the expiry callback has finished
}

// TTLManager destroys sessions whose TTL runs out, unless they are renewed in time.
type TTLManager struct {
	mu        sync.Mutex
	sessions  map[string]*session
	destroyed []string
	onExpire  func(id string)
}

func NewTTLManager() *TTLManager {
	return &TTLManager{sessions: map[string]*session{}}
}

func (m *TTLManager) Start(id, node string, ttl time.Duration) {
	s := &session{id: id, node: node, expired: make(chan struct{})}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[id] = s
	s.timer = time.AfterFunc(ttl, func() { m.expire(s) })
}

// expire runs on the timer's goroutine.
func (m *TTLManager) expire(s *session) {
	defer close(s.expired)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sessions[s.id] != s {
		return
	}
	delete(m.sessions, s.id)
	m.destroyed = append(m.destroyed, s.id)
	log.Printf("session %s of node %s expired", s.id, s.node)
}

// Clear stops every session's timer. A timer that already fired has its callback waited for, so that no
// expiry lands after Clear returns.
func (m *TTLManager) Clear() {
	m.mu.Lock()
	var fired []*session
	for id, s := range m.sessions {
		if !s.timer.Stop() {
			fired = append(fired, s)
		}
		delete(m.sessions, id)
	}
	m.mu.Unlock()
	// Wait for running callbacks without the lock: they take m.mu.
	for _, s := range fired {
		<-s.expired
	}
}
