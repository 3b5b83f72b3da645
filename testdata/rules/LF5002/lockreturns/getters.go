package lockreturns

import (
	"errors"
	"fmt"
	"sync"
)

var errNoSession = errors.New("no session")

// Getters that hand a session out with its lock held: the caller must unlock it on every path.
type session struct {
	mu    sync.Mutex
	owner string
	renew int
	conn  *conn
}

type conn struct{ addr string }

type table struct {
	mu       sync.Mutex
	sessions map[string]*session
	current  *session
}

func (t *table) lockSession(id string) (*session, error) {
	t.mu.Lock()
	s, ok := t.sessions[id]
	t.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("%s: %w", id, errNoSession)
	}
	s.mu.Lock()
	return s, nil
}

// The ownership check returns without the unlock: the next lockSession of that id blocks for ever.
func (t *table) Renew(id, owner string) error {
	s, err := t.lockSession(id) // want `table\.lockSession returns s with s\.mu locked \(line 34\), but the return at line 45 is reached without s\.mu\.Unlock\(\)`
	if err != nil {
		return err
	}
	if s.owner != owner {
		return fmt.Errorf("session %s is owned by %s", id, s.owner)
	}
	s.renew++
	s.mu.Unlock()
	return nil
}

// A getter saying with an ok result whether it found (and locked) the session.
func (t *table) acquire(id string) (*session, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.sessions[id]
	if s == nil {
		return nil, false
	}
	s.mu.Lock()
	return s, true
}

func (t *table) Owner(id string, strict bool) string {
	s, ok := t.acquire(id) // want `table\.acquire returns s with s\.mu locked \(line 60\), but the return at line 70 is reached without s\.mu\.Unlock\(\)`
	if !ok {
		return ""
	}
	if strict && s.conn == nil {
		return "?"
	}
	owner := s.owner
	s.mu.Unlock()
	return owner
}

// A getter whose only failure is a nil result.
func (t *table) find(id string) *session {
	t.mu.Lock()
	s := t.sessions[id]
	t.mu.Unlock()
	if s == nil {
		return nil
	}
	s.mu.Lock()
	return s
}

func (t *table) Addr(id string) (string, error) {
	s := t.find(id) // want `table\.find returns s with s\.mu locked \(line 85\), but the return at line 95 is reached`
	if s == nil {
		return "", errNoSession
	}
	if s.conn == nil {
		return "", errors.New("not connected")
	}
	addr := s.conn.addr
	s.mu.Unlock()
	return addr, nil
}

// A read-locked getter: the caller owes an RUnlock.
type view struct {
	mu   sync.RWMutex
	rows []string
}

type views struct{ byName map[string]*view }

func (vs *views) rlockView(name string) (*view, error) {
	v, ok := vs.byName[name]
	if !ok {
		return nil, errors.New("no view")
	}
	v.mu.RLock()
	return v, nil
}

func (vs *views) First(name string) (string, error) {
	v, err := vs.rlockView(name) // want `views\.rlockView returns v with v\.mu locked \(line 115\), but the return at line 125 is reached without v\.mu\.RUnlock\(\)`
	if err != nil {
		return "", err
	}
	if len(v.rows) == 0 {
		return "", errors.New("empty")
	}
	first := v.rows[0]
	v.mu.RUnlock()
	return first, nil
}

// The fixes: a deferred unlock once the call succeeded, an unlock on every path.
func (t *table) Info(id string) (string, error) {
	s, err := t.lockSession(id)
	if err != nil {
		return "", err
	}
	defer s.mu.Unlock()
	return s.owner, nil
}

func (t *table) RenewEveryPath(id, owner string) error {
	s, err := t.lockSession(id)
	if err != nil {
		return err
	}
	if s.owner != owner {
		s.mu.Unlock()
		return fmt.Errorf("session %s is owned by %s", id, s.owner)
	}
	s.renew++
	s.mu.Unlock()
	return nil
}

func (vs *views) FirstDeferred(name string) (string, error) {
	v, err := vs.rlockView(name)
	if err != nil {
		return "", err
	}
	defer v.mu.RUnlock()
	if len(v.rows) == 0 {
		return "", errors.New("empty")
	}
	return v.rows[0], nil
}

// Handing the locked session on: returned to the caller, stored, passed to an unlocking helper, a method of it.
func (t *table) lockOwned(id, owner string) (*session, error) {
	s, err := t.lockSession(id)
	if err != nil {
		return nil, err
	}
	if s.owner != owner {
		t.release(s)
		return nil, errors.New("not the owner")
	}
	return s, nil
}

func (t *table) release(s *session) { s.mu.Unlock() }

func (s *session) done() { s.mu.Unlock() }

func (t *table) Select(id string) error {
	s, err := t.lockSession(id)
	if err != nil {
		return err
	}
	t.current = s
	return nil
}

func (t *table) Touch(id string) error {
	s, err := t.lockSession(id)
	if err != nil {
		return err
	}
	if s.renew > 10 {
		s.done()
		return errors.New("renewed too often")
	}
	s.renew++
	s.done()
	return nil
}

// A closure that unlocks it: who runs it, and when, is no matter of paths.
func (t *table) WithSession(id string, f func(*session)) error {
	s, err := t.lockSession(id)
	if err != nil {
		return err
	}
	unlock := func() { s.mu.Unlock() }
	if s.owner == "" {
		return errors.New("orphan")
	}
	f(s)
	unlock()
	return nil
}

// An error the caller does not check as a failure: the path may be one where nothing was locked.
func (t *table) Probe(id string) bool {
	s, err := t.lockSession(id)
	if errors.Is(err, errNoSession) {
		return false
	}
	s.mu.Unlock()
	return true
}

// Not locked getters: a lock taken on some paths only, a result unlocked by a defer, a fresh value on one success path.
func (t *table) maybeLocked(id string, wait bool) (*session, error) {
	s := t.sessions[id]
	if s == nil {
		return nil, errNoSession
	}
	if wait {
		s.mu.Lock()
	}
	return s, nil
}

func (t *table) peek(id string) (*session, error) {
	s := t.sessions[id]
	if s == nil {
		return nil, errNoSession
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s, nil
}

func (t *table) lockOrNew(id string) (*session, error) {
	s := t.sessions[id]
	if s == nil {
		return &session{}, nil
	}
	s.mu.Lock()
	return s, nil
}

func (t *table) Users(id string) error {
	if s, err := t.maybeLocked(id, false); err != nil || s.owner == "" {
		return err
	}
	s, err := t.peek(id)
	if err != nil || s.owner == "" {
		return err
	}
	n, err := t.lockOrNew(id)
	if err != nil || n.owner == "" {
		return err
	}
	return nil
}

// Called with t.mu held (the Locked suffix), it hands out the session without locking it.
func (t *table) sessionLocked(id string) (*session, error) {
	s, ok := t.sessions[id]
	if !ok {
		return nil, errNoSession
	}
	return s, nil
}

func (t *table) OwnerOf(id string) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, err := t.sessionLocked(id)
	if err != nil {
		return "", err
	}
	if s.owner == "" {
		return "", errors.New("orphan")
	}
	return s.owner, nil
}

// Given back by key through a function of the package that unlocks a session's mutex.
func (t *table) unlockSession(id string) {
	t.mu.Lock()
	s := t.sessions[id]
	t.mu.Unlock()
	s.mu.Unlock()
}

func (t *table) RenewByKey(id, owner string) error {
	s, err := t.lockSession(id)
	if err != nil {
		return err
	}
	defer t.unlockSession(id)
	if s.owner != owner {
		return errors.New("not the owner")
	}
	s.renew++
	return nil
}
