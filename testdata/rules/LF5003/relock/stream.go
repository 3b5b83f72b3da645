package relock

import (
	"errors"
	"sync"
)

// nats-server's stream: a function "called with the lock held" unsubscribes, on an error path, through the
// helper meant for callers that do not hold it. Every caller holding the lock deadlocks there; the finding
// is reported once, at the first of them.
type subscription struct{ subject string }

type stream struct {
	mu   sync.Mutex
	sub  *subscription
	errs int
}

func (s *stream) unsubscribeUnlocked(sub *subscription) {
	s.mu.Lock()
	if s.sub == sub {
		s.sub = nil
	}
	s.mu.Unlock()
}

// setConsumer: lock should be held.
func (s *stream) setConsumer(subject string) error {
	old := s.sub
	s.sub = &subscription{subject: subject}
	if subject == "" {
		s.errs++
		s.unsubscribeUnlocked(old)
		return errors.New("no subject")
	}
	return nil
}

func (s *stream) Update(subject string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.setConsumer(subject) // want `this call reaches a Lock of s.mu \(through setConsumer → unsubscribeUnlocked\) while Update still holds it locked since line 40 \(1 more call with the lock held reaches it the same way\)`
}

func (s *stream) Retry(subject string) {
	s.mu.Lock()
	_ = s.setConsumer(subject)
	s.mu.Unlock()
}

// miekg/dns's ListenAndServe: the unlock is a closure made from &srv.lock, called before serving.
func unlockOnce(l sync.Locker) func() {
	var once sync.Once
	return func() { once.Do(l.Unlock) }
}

type dnsServer struct {
	lock    sync.Mutex
	started bool
}

func (srv *dnsServer) ListenAndServe() error {
	unlock := unlockOnce(&srv.lock)
	srv.lock.Lock()
	defer unlock()
	if srv.started {
		return errors.New("already started")
	}
	srv.started = true
	unlock()
	return srv.serve()
}

func (srv *dnsServer) serve() error {
	srv.lock.Lock()
	srv.started = true
	srv.lock.Unlock()
	return nil
}

// A closure variable that unlocks: where it runs is not followed, so the mutex is not counted as held.
func (srv *dnsServer) Restart() error {
	srv.lock.Lock()
	release := func() { srv.lock.Unlock() }
	if !srv.started {
		release()
		return srv.serve()
	}
	release()
	return nil
}
