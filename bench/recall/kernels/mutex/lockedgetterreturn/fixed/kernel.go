package lockedgetterreturn

import (
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

var errNoSession = errors.New("session not found")

type session struct {
	mu      sync.Mutex
	id      string
	node    string
	ttl     time.Duration
	expires time.Time
	renews  int
}

// SessionManager tracks the TTL sessions that nodes hold for their locks.
type SessionManager struct {
	mu       sync.Mutex
	sessions map[string]*session
	now      func() time.Time
	logf     func(format string, args ...interface{})
}

func NewSessionManager() *SessionManager {
	return &SessionManager{sessions: make(map[string]*session), now: time.Now, logf: log.Printf}
}

func (m *SessionManager) Create(id, node string, ttl time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[id] = &session{id: id, node: node, ttl: ttl, expires: m.now().Add(ttl)}
}

// lockSession looks a session up and returns it locked; the caller must unlock it.
func (m *SessionManager) lockSession(id string) (*session, error) {
	m.mu.Lock()
	s, ok := m.sessions[id]
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("%s: %w", id, errNoSession)
	}
	s.mu.Lock()
	return s, nil
}

// Renew extends a session's TTL on behalf of the node that owns it.
func (m *SessionManager) Renew(id, node string) error {
	s, err := m.lockSession(id)
	if err != nil {
		return err
	}
	if s.node != node {
		s.mu.Unlock()
		m.logf("session %s: renew from %s, owned by %s", id, node, s.node)
		return fmt.Errorf("session %s is owned by %s", id, s.node)
	}
	s.expires = m.now().Add(s.ttl)
	s.renews++
	s.mu.Unlock()
	return nil
}

// Info reports a session's owner and expiry.
func (m *SessionManager) Info(id string) (string, time.Time, error) {
	s, err := m.lockSession(id)
	if err != nil {
		return "", time.Time{}, err
	}
	defer s.mu.Unlock()
	return s.node, s.expires, nil
}
