package trylockerrorpath

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

const leaseTTL = 10 * time.Second

// Renewer extends a lease with the remote lease service.
type Renewer interface {
	Renew(id string) error
}

// LeaseManager keeps the expiry of every lease it granted and renews them from a ticker.
type LeaseManager struct {
	mu      sync.Mutex
	leases  map[string]time.Time
	renewer Renewer
}

func NewLeaseManager(r Renewer) *LeaseManager {
	return &LeaseManager{leases: make(map[string]time.Time), renewer: r}
}

// Grant records a new lease.
func (m *LeaseManager) Grant(id string, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.leases[id] = now.Add(leaseTTL)
}

// renewAll is called on every tick. A tick that finds a renewal round still running skips its round.
func (m *LeaseManager) renewAll(now time.Time) error {
	if !m.mu.TryLock() {
		return nil
	}
	ids := make([]string, 0, len(m.leases))
	for id := range m.leases {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := m.renewer.Renew(id); err != nil {
			return fmt.Errorf("renew lease %s: %w", id, err)
		}
		m.leases[id] = now.Add(leaseTTL)
	}
	m.mu.Unlock()
	return nil
}

var errLeaseNotFound = errors.New("lease not found")

type fakeRenewer struct{ lost map[string]bool }

func (f *fakeRenewer) Renew(id string) error {
	if f.lost[id] {
		return errLeaseNotFound
	}
	return nil
}

func TestRenewThenGrant(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewLeaseManager(&fakeRenewer{lost: map[string]bool{"b": true}})
		now := time.Now()
		m.Grant("a", now)
		m.Grant("b", now)
		if err := m.renewAll(now); !errors.Is(err, errLeaseNotFound) {
			t.Errorf("renewAll = %v", err)
		}
		m.Grant("c", now)
	})
}
