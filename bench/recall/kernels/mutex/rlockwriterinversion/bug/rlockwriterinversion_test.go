package rlockwriterinversion

import (
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Endpoint struct {
	Address string
	Port    int
	Healthy bool
}

// EndpointShards holds a service's endpoints, one shard per cluster that reported them.
type EndpointShards struct {
	mu     sync.Mutex
	shards map[string][]Endpoint
}

type EndpointIndex struct {
	mu       sync.RWMutex
	services map[string]*EndpointShards
	exported map[string]bool
}

func NewEndpointIndex() *EndpointIndex {
	return &EndpointIndex{services: map[string]*EndpointShards{}, exported: map[string]bool{}}
}

var testHookShardLocked = func() {}

func (idx *EndpointIndex) shardsFor(svc string) *EndpointShards {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	sh, ok := idx.services[svc]
	if !ok {
		sh = &EndpointShards{shards: map[string][]Endpoint{}}
		idx.services[svc] = sh
		idx.exported[svc] = true
	}
	return sh
}

func (idx *EndpointIndex) isExported(svc string) bool {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	return idx.exported[svc]
}

// UpdateShard replaces one cluster's endpoints for svc and reports whether a push is needed.
func (idx *EndpointIndex) UpdateShard(svc, cluster string, eps []Endpoint) bool {
	sh := idx.shardsFor(svc)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	testHookShardLocked()
	sh.shards[cluster] = eps
	return idx.isExported(svc)
}

func (idx *EndpointIndex) DeleteService(svc string) {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	delete(idx.services, svc)
	delete(idx.exported, svc)
}

// Push builds the healthy endpoint list of every service, as sent to proxies.
func (idx *EndpointIndex) Push() map[string][]string {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	out := map[string][]string{}
	for svc, sh := range idx.services {
		sh.mu.Lock()
		for _, eps := range sh.shards {
			for _, ep := range eps {
				if ep.Healthy {
					out[svc] = append(out[svc], ep.Address)
				}
			}
		}
		sh.mu.Unlock()
		sort.Strings(out[svc])
	}
	return out
}

func TestUpdateDuringPushAndDelete(t *testing.T) {
	locked, proceed := make(chan struct{}), make(chan struct{})
	leakcheck.Run(t, 2*time.Second, func() {
		testHookShardLocked = func() {}
		idx := NewEndpointIndex()
		idx.UpdateShard("reviews", "east", []Endpoint{{"10.0.0.1", 9080, true}})
		idx.UpdateShard("ratings", "east", []Endpoint{{"10.0.1.1", 9080, true}})
		testHookShardLocked = func() { close(locked); <-proceed }
		defer func() { testHookShardLocked = func() {} }()
		var wg sync.WaitGroup
		wg.Add(3)
		go func() {
			defer wg.Done()
			idx.UpdateShard("reviews", "west", []Endpoint{{"10.1.0.1", 9080, true}})
		}()
		<-locked
		go func() { defer wg.Done(); idx.Push() }()
		time.Sleep(30 * time.Millisecond)
		go func() { defer wg.Done(); idx.DeleteService("ratings") }()
		time.Sleep(30 * time.Millisecond)
		close(proceed)
		wg.Wait()
		if got := idx.Push(); len(got["reviews"]) != 2 {
			t.Errorf("push = %v", got)
		}
	})
}
