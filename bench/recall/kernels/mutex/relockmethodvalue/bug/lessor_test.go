package relockmethodvalue

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type LeaseID int64

type Lessor struct {
	mu     sync.Mutex
	leases map[LeaseID][]string
	owner  map[string]LeaseID
}

func NewLessor() *Lessor {
	return &Lessor{leases: map[LeaseID][]string{}, owner: map[string]LeaseID{}}
}

func (l *Lessor) Attach(id LeaseID, key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.leases[id] = append(l.leases[id], key)
	l.owner[key] = id
}

// Revoke drops a lease and detaches every key bound to it.
func (l *Lessor) Revoke(id LeaseID) {
	l.mu.Lock()
	defer l.mu.Unlock()
	detach := l.Detach
	for _, key := range l.leases[id] {
		detach(key)
	}
	delete(l.leases, id)
}

// Detach unbinds a key from whatever lease holds it.
func (l *Lessor) Detach(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.detachLocked(key)
}

func (l *Lessor) detachLocked(key string) {
	delete(l.owner, key)
}

func (l *Lessor) Owner(key string) (LeaseID, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	id, ok := l.owner[key]
	return id, ok
}

func TestRevokeDetachesKeys(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		l := NewLessor()
		l.Attach(7, "/registry/pods/a")
		l.Attach(7, "/registry/pods/b")
		l.Revoke(7)
		if _, ok := l.Owner("/registry/pods/a"); ok {
			t.Errorf("key still attached")
		}
	})
}
