package deferredvalue

import (
	"errors"
	"os"
	"sync"
)

// A deferred call takes its function value when the defer statement runs: a func variable given the mutex's unlock
// after `defer unlock()` is never called by that defer (moby's volume store, a Remove that locks only when its
// caller has not).

var errNotFound = errors.New("not found")

type store struct {
	mu   sync.Mutex
	rw   sync.RWMutex
	vols map[string]int
}

// The kernel's shape: the defer is bound to the no-op, every return after the lock keeps it.
func (s *store) remove(name string, locked bool) error {
	unlock := func() {}
	defer unlock() // want `defer unlock\(\) takes the value unlock has when the defer runs, not s\.mu\.Unlock assigned to it at line 27: .*with s\.mu still locked`
	if !locked {
		s.mu.Lock()
		unlock = s.mu.Unlock
	}
	if _, ok := s.vols[name]; !ok {
		return errNotFound
	}
	delete(s.vols, name)
	return nil
}

// A read lock, taken unconditionally.
func (s *store) count() int {
	release := func() {}
	defer release() // want `defer release\(\) takes the value release has when the defer runs, not s\.rw\.RUnlock`
	s.rw.RLock()
	release = s.rw.RUnlock
	return len(s.vols)
}

// A variable declared without a value: the defer is bound to nil (a panic at the return, after the lock is lost).
func (s *store) names() []string {
	var done func()
	defer done() // want `defer done\(\) takes the value done has when the defer runs, not s\.mu\.Unlock`
	s.mu.Lock()
	done = s.mu.Unlock
	var out []string
	for n := range s.vols {
		out = append(out, n)
	}
	return out
}

// Negatives.

// The fix: a deferred closure reads the variable at the return.
func (s *store) removeFixed(name string, locked bool) error {
	unlock := func() {}
	defer func() { unlock() }()
	if !locked {
		s.mu.Lock()
		unlock = s.mu.Unlock
	}
	if _, ok := s.vols[name]; !ok {
		return errNotFound
	}
	delete(s.vols, name)
	return nil
}

// The defer after the assignment: it binds the unlock.
func (s *store) removeDeferAfter(name string, locked bool) error {
	unlock := func() {}
	if !locked {
		s.mu.Lock()
		unlock = s.mu.Unlock
	}
	defer unlock()
	delete(s.vols, name)
	return nil
}

// The variable called on every path after the assignment.
func (s *store) removeCalled(name string) error {
	unlock := func() {}
	defer unlock()
	s.mu.Lock()
	unlock = s.mu.Unlock
	if _, ok := s.vols[name]; !ok {
		unlock()
		return errNotFound
	}
	delete(s.vols, name)
	unlock()
	return nil
}

// The mutex unlocked directly on every path.
func (s *store) removeUnlocked(name string) error {
	unlock := func() {}
	defer unlock()
	s.mu.Lock()
	unlock = s.mu.Unlock
	if _, ok := s.vols[name]; !ok {
		s.mu.Unlock()
		return errNotFound
	}
	s.mu.Unlock()
	return nil
}

// Re-deferred after the assignment: the second defer is bound to the unlock.
func (s *store) removeRedeferred(name string) {
	unlock := func() {}
	defer unlock()
	s.mu.Lock()
	unlock = s.mu.Unlock
	defer unlock()
	delete(s.vols, name)
}

// Not a mutex: a file's Close assigned after the defer is another kind of leak, not this one.
func openLog(path string) error {
	closer := func() error { return nil }
	defer closer()
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	closer = f.Close
	return nil
}

// The caller locked: this function only chooses the unlock; whether it must release is the caller's contract.
func (s *store) handOff() func() {
	unlock := func() {}
	defer unlock()
	unlock = s.mu.Unlock
	return unlock
}

// The variable handed on: whoever receives it may call it.
func (s *store) removeHanded(name string, after func(func())) {
	unlock := func() {}
	defer unlock()
	s.mu.Lock()
	unlock = s.mu.Unlock
	after(unlock)
}
