package mutexes

import (
	"errors"
	"sync"
	"time"
)

// TryLock takes the mutex only when it returns true: the unlock must follow on every path from that side.

type leaseTable struct {
	mu     sync.Mutex
	rw     sync.RWMutex
	leases map[string]time.Time
}

var errRenew = errors.New("renew failed")

func renew(id string) error {
	if id == "" {
		return errRenew
	}
	return nil
}

// A renewal round skipped when another is running, whose error return keeps the lock.
func (t *leaseTable) renewAll(now time.Time) error {
	if !t.mu.TryLock() { // want `t.mu is locked here, but the return at line 33 is reached without t.mu.Unlock\(\)`
		return nil
	}
	for id := range t.leases {
		if err := renew(id); err != nil {
			return err
		}
		t.leases[id] = now
	}
	t.mu.Unlock()
	return nil
}

// The positive form: inside the if the mutex is taken, and the early return keeps it.
func (t *leaseTable) expire(now time.Time) int {
	n := 0
	if t.mu.TryLock() { // want `t.mu is locked here, but the return at line 47 is reached without t.mu.Unlock\(\)`
		for id, at := range t.leases {
			if at.IsZero() {
				return -1
			}
			if at.Before(now) {
				delete(t.leases, id)
				n++
			}
		}
		t.mu.Unlock()
	}
	return n
}

// A read lock taken by TryRLock, kept by the early return.
func (t *leaseTable) peek(id string) (time.Time, bool) {
	if !t.rw.TryRLock() { // want `t.rw is locked here, but the return at line 65 is reached without t.rw.RUnlock\(\)`
		return time.Time{}, false
	}
	if id == "" {
		return time.Time{}, false
	}
	at, ok := t.leases[id]
	t.rw.RUnlock()
	return at, ok
}

// The fixes: a deferred unlock right after the TryLock succeeded, an unlock on every path, and the failed side
// returning without unlocking (it holds nothing). Silent.

func (t *leaseTable) renewAllDeferred(now time.Time) error {
	if !t.mu.TryLock() {
		return nil
	}
	defer t.mu.Unlock()
	for id := range t.leases {
		if err := renew(id); err != nil {
			return err
		}
		t.leases[id] = now
	}
	return nil
}

func (t *leaseTable) expireEveryPath(now time.Time) int {
	n := 0
	if t.mu.TryLock() {
		for id, at := range t.leases {
			if at.IsZero() {
				t.mu.Unlock()
				return -1
			}
			if at.Before(now) {
				delete(t.leases, id)
				n++
			}
		}
		t.mu.Unlock()
	}
	return n
}

// A spin until the lock is free, then a deferred unlock.
func (t *leaseTable) spinThenClear() {
	for !t.mu.TryLock() {
		time.Sleep(time.Millisecond)
	}
	defer t.mu.Unlock()
	t.leases = map[string]time.Time{}
}

// The failed side alone returns early; the other side unlocks on its only path.
func (t *leaseTable) tryCount() (int, bool) {
	if !t.rw.TryRLock() {
		return 0, false
	}
	n := len(t.leases)
	t.rw.RUnlock()
	return n, true
}

// A helper named for what it does: TryLock, and report whether the caller now owns the table.
func (t *leaseTable) tryLockTable() bool {
	if !t.mu.TryLock() {
		return false
	}
	return true
}
