package lockhelperclosure

import (
	"log"
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// withLock runs fn while holding l.
func withLock(l sync.Locker, fn func()) {
	l.Lock()
	defer l.Unlock()
	fn()
}

type Endpoint struct {
	Address string
	Port    int
	Healthy bool
}

// EndpointIndex keeps the endpoints of every service, and the services that have none, for the pusher.
type EndpointIndex struct {
	mu        sync.Mutex
	endpoints map[string][]Endpoint
	empty     map[string]time.Time
	version   int
}

func NewEndpointIndex() *EndpointIndex {
	return &EndpointIndex{endpoints: map[string][]Endpoint{}, empty: map[string]time.Time{}}
}

// evict forgets a service with no endpoints left; x.mu must be held.
func (x *EndpointIndex) evictLocked(svc string) {
	delete(x.endpoints, svc)
	x.empty[svc] = time.Now()
	log.Printf("endpoint index: evicted %s", svc)
}

func (x *EndpointIndex) UpdateService(svc string, eps []Endpoint) {
	healthy := eps[:0:0]
	for _, e := range eps {
		if e.Healthy {
			healthy = append(healthy, e)
		}
	}
	withLock(&x.mu, func() {
		x.version++
		if len(healthy) == 0 {
			x.evictLocked(svc)
			return
		}
		delete(x.empty, svc)
		x.endpoints[svc] = healthy
	})
}

func (x *EndpointIndex) Services() []string {
	var out []string
	withLock(&x.mu, func() {
		for s := range x.endpoints {
			out = append(out, s)
		}
	})
	sort.Strings(out)
	return out
}

func TestUpdateToNoHealthyEndpoints(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		x := NewEndpointIndex()
		x.UpdateService("reviews.default", []Endpoint{{Address: "10.1.0.4", Port: 9080, Healthy: true}})
		x.UpdateService("reviews.default", []Endpoint{{Address: "10.1.0.4", Port: 9080, Healthy: false}})
		if got := x.Services(); len(got) != 0 {
			t.Errorf("services = %v", got)
		}
	})
}
