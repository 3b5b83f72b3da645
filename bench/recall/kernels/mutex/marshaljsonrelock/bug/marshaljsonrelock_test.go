package marshaljsonrelock

import (
	"encoding/json"
	"log"
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// RPCStats counts calls and errors per endpoint; the agent serves it on its debug endpoint as JSON.
type RPCStats struct {
	mu        sync.RWMutex
	calls     map[string]uint64
	errors    map[string]uint64
	since     time.Time
	logf      func(format string, args ...interface{})
	lastReset string
}

func NewRPCStats() *RPCStats {
	return &RPCStats{calls: make(map[string]uint64), errors: make(map[string]uint64), since: time.Now(), logf: log.Printf}
}

func (s *RPCStats) Record(endpoint string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[endpoint]++
	if err != nil {
		s.errors[endpoint]++
	}
}

type endpointStats struct {
	Endpoint string `json:"endpoint"`
	Calls    uint64 `json:"calls"`
	Errors   uint64 `json:"errors"`
}

// MarshalJSON renders a consistent view of the counters.
func (s *RPCStats) MarshalJSON() ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := struct {
		Since     time.Time       `json:"since"`
		Endpoints []endpointStats `json:"endpoints"`
	}{Since: s.since}
	for ep, n := range s.calls {
		out.Endpoints = append(out.Endpoints, endpointStats{Endpoint: ep, Calls: n, Errors: s.errors[ep]})
	}
	sort.Slice(out.Endpoints, func(i, j int) bool { return out.Endpoints[i].Endpoint < out.Endpoints[j].Endpoint })
	return json.Marshal(out)
}

// Reset starts a new window; the old window is logged so operators can still see it.
func (s *RPCStats) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := json.Marshal(s)
	if err != nil {
		s.logf("rpc stats: %v", err)
	} else {
		s.lastReset = string(old)
		s.logf("rpc stats reset, previous window: %s", old)
	}
	s.calls = make(map[string]uint64)
	s.errors = make(map[string]uint64)
	s.since = time.Now()
}

func TestResetStats(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewRPCStats()
		s.logf = t.Logf
		s.Record("Catalog.Register", nil)
		s.Record("Health.ServiceNodes", nil)
		s.Reset()
		s.Record("Catalog.Register", nil)
	})
}
