package rlockupgrade

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Member struct {
	mu        sync.RWMutex
	version   string
	fetchedAt time.Time
	maxAge    time.Duration
	fetch     func() string
}

// ClusterVersion returns the cached cluster version, refreshing it when older than maxAge.
func (m *Member) ClusterVersion() string {
	m.mu.RLock()
	if time.Since(m.fetchedAt) <= m.maxAge {
		v := m.version
		m.mu.RUnlock()
		return v
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.version = m.fetch()
	m.fetchedAt = time.Now()
	m.mu.RUnlock()
	return m.version
}

func TestStaleVersionIsRefreshed(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := &Member{maxAge: time.Second, fetch: func() string { return "3.5.0" }}
		if v := m.ClusterVersion(); v != "3.5.0" {
			t.Errorf("version = %q", v)
		}
	})
}
