package relockcallee

import (
	"sync"
	"time"
)

type podStatus struct {
	phase   string
	updated time.Time
}

// StatusCache keeps the last status seen for each pod and drops entries older than ttl.
type StatusCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	now     func() time.Time
	entries map[string]podStatus
}

func NewStatusCache(ttl time.Duration) *StatusCache {
	return &StatusCache{ttl: ttl, now: time.Now, entries: map[string]podStatus{}}
}

// Update records a pod's phase and takes the chance to evict stale pods.
func (c *StatusCache) Update(pod, phase string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[pod] = podStatus{phase: phase, updated: c.now()}
	c.evictExpiredLocked()
}

// evictExpiredLocked must be called with c.mu held.
func (c *StatusCache) evictExpiredLocked() {
	for pod, st := range c.entries {
		if c.now().Sub(st.updated) > c.ttl {
			delete(c.entries, pod)
		}
	}
}

// Phase returns the pod's last known phase.
func (c *StatusCache) Phase(pod string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.entries[pod]
	return st.phase, ok
}
