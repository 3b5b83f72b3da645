package afterfuncorderinversion

import (
	"errors"
	"log"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var errLeaseNotFound = errors.New("lease not found")

type LeaseID int64

// Lease is a TTL grant that keys are attached to; it expires through its own timer.
type Lease struct {
	mu      sync.Mutex
	ID      LeaseID
	ttl     time.Duration
	keys    map[string]struct{}
	timer   *time.Timer
	revoked bool
}

// Lessor owns the leases and deletes the keys of those that are revoked or expire.
type Lessor struct {
	mu      sync.Mutex
	leases  map[LeaseID]*Lease
	deleted []string
	logf    func(format string, args ...interface{})
	// expireHook runs while a lease is being expired (a testing hook).
	expireHook func(LeaseID)
}

func NewLessor() *Lessor {
	return &Lessor{leases: make(map[LeaseID]*Lease), logf: log.Printf}
}

func (le *Lessor) Grant(id LeaseID, ttl time.Duration, keys ...string) *Lease {
	l := &Lease{ID: id, ttl: ttl, keys: make(map[string]struct{})}
	for _, k := range keys {
		l.keys[k] = struct{}{}
	}
	le.mu.Lock()
	le.leases[id] = l
	le.mu.Unlock()
	l.mu.Lock()
	l.timer = time.AfterFunc(ttl, func() { le.expire(l) })
	l.mu.Unlock()
	return l
}

// expire runs on the lease's timer goroutine. It takes the lessor's lock first, as Revoke does.
func (le *Lessor) expire(l *Lease) {
	le.mu.Lock()
	defer le.mu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.revoked {
		return
	}
	if le.expireHook != nil {
		le.expireHook(l.ID)
	}
	le.logf("lease %d expired after %v", l.ID, l.ttl)
	le.deleteKeysLocked(l)
	delete(le.leases, l.ID)
	l.revoked = true
}

func (le *Lessor) deleteKeysLocked(l *Lease) {
	for k := range l.keys {
		le.deleted = append(le.deleted, k)
	}
}

// Revoke is called by clients that give their lease back.
func (le *Lessor) Revoke(id LeaseID) error {
	le.mu.Lock()
	defer le.mu.Unlock()
	l, ok := le.leases[id]
	if !ok {
		return errLeaseNotFound
	}
	l.mu.Lock()
	l.revoked = true
	l.timer.Stop()
	le.deleteKeysLocked(l)
	l.mu.Unlock()
	delete(le.leases, id)
	return nil
}

func TestRevokeWhileExpiring(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		le := NewLessor()
		le.logf = t.Logf
		expiring := make(chan struct{})
		le.expireHook = func(LeaseID) {
			close(expiring)
			time.Sleep(50 * time.Millisecond)
		}
		le.Grant(7, 10*time.Millisecond, "/registry/pods/a", "/registry/pods/b")
		<-expiring
		_ = le.Revoke(7)
	})
}
