package fixes

import (
	"errors"
	"sync"
)

// A helper locks a replica and returns how to unlock it; a caller's early return skips the unlock.
type replicaR struct {
	raftMu sync.Mutex
	mu     sync.RWMutex
	state  string
}

func (r *replicaR) lockRaft() func() {
	r.raftMu.Lock()
	return r.raftMu.Unlock
}

func (r *replicaR) readLocked() func() {
	r.mu.RLock()
	return func() { r.mu.RUnlock() }
}

func (r *replicaR) apply(bad bool) error {
	unlock := r.lockRaft() // want `the unlock function from replicaR\.lockRaft in unlock is not released on every path: the return at line 28 is reached without unlock\(\)`
	if bad {
		return errors.New("bad")
	}
	r.state = "applied"
	unlock()
	return nil
}

func (r *replicaR) peek(empty bool) string {
	done := r.readLocked() // want `the unlock function from replicaR\.readLocked in done is not released on every path`
	if empty {
		return ""
	}
	s := r.state
	done()
	return s
}

// The fixes: a deferred unlock, or an unlock on every path.
func (r *replicaR) applyDeferred(bad bool) error {
	unlock := r.lockRaft()
	defer unlock()
	if bad {
		return errors.New("bad")
	}
	r.state = "applied"
	return nil
}

func (r *replicaR) applyEveryPath(bad bool) error {
	unlock := r.lockRaft()
	if bad {
		unlock()
		return errors.New("bad")
	}
	r.state = "applied"
	unlock()
	return nil
}

// Handing the unlock to the caller passes the duty on.
func (r *replicaR) lockForCaller() func() {
	unlock := r.lockRaft()
	r.state = "locked"
	return unlock
}

// A helper that does not lock what it returns the unlock of is no lock helper.
func (r *replicaR) unlocker() func() { return r.raftMu.Unlock }

func (r *replicaR) finish(bad bool) error {
	u := r.unlocker()
	if bad {
		return errors.New("bad")
	}
	u()
	return nil
}
