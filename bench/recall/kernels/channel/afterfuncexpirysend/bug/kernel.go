package afterfuncexpirysend

import (
	"errors"
	"sync"
	"time"
)

type Session struct {
	ID       string
	Node     string
	TTL      time.Duration
	Behavior string // "release" or "delete"
	locks    []string
}

// sessionTimers keeps a TTL timer per session.
type sessionTimers struct {
	mu     sync.Mutex
	timers map[string]*time.Timer
}

func (t *sessionTimers) Set(id string, tm *time.Timer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if old, ok := t.timers[id]; ok {
		old.Stop()
	}
	t.timers[id] = tm
}

func (t *sessionTimers) Del(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tm, ok := t.timers[id]; ok {
		tm.Stop()
		delete(t.timers, id)
	}
}

var errNoSession = errors.New("no such session")

// Leader invalidates sessions whose TTL ran out; its loop is the only writer of the session table.
type Leader struct {
	mu       sync.Mutex
	sessions map[string]*Session
	timers   *sessionTimers
	expiredC chan string
	stopC    chan struct{}
	doneC    chan struct{}
	released []string
}

func NewLeader() *Leader {
	l := &Leader{
		sessions: map[string]*Session{},
		timers:   &sessionTimers{timers: map[string]*time.Timer{}},
		expiredC: make(chan string),
		stopC:    make(chan struct{}),
		doneC:    make(chan struct{}),
	}
	go l.leaderLoop()
	return l
}

func (l *Leader) leaderLoop() {
	defer close(l.doneC)
	for {
		select {
		case id := <-l.expiredC:
			l.invalidateSession(id)
		case <-l.stopC:
			return
		}
	}
}

// resetSessionTimer arms the session's TTL; when it fires, the leader loop invalidates the session.
func (l *Leader) resetSessionTimer(id string, ttl time.Duration) {
	tm := time.AfterFunc(ttl*2, func() {
		l.expiredC <- id
	})
	l.timers.Set(id, tm)
}

func (l *Leader) CreateSession(s *Session) {
	l.mu.Lock()
	l.sessions[s.ID] = s
	l.mu.Unlock()
	l.resetSessionTimer(s.ID, s.TTL)
}

func (l *Leader) Renew(id string) error {
	l.mu.Lock()
	s, ok := l.sessions[id]
	l.mu.Unlock()
	if !ok {
		return errNoSession
	}
	l.resetSessionTimer(id, s.TTL)
	return nil
}

func (l *Leader) invalidateSession(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.sessions[id]
	if !ok {
		return
	}
	delete(l.sessions, id)
	l.released = append(l.released, s.locks...)
	l.timers.Del(id)
}

// RevokeLeadership stops the leader loop when this server loses the election.
func (l *Leader) RevokeLeadership() {
	close(l.stopC)
	<-l.doneC
}
