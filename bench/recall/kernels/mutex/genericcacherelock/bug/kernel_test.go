package genericcacherelock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestResolveCachesEndpoints(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewEndpointStore(map[string][]string{"api": {"10.0.0.1", "10.0.0.2"}})
		addrs, err := s.Resolve("api")
		if err != nil || len(addrs) != 2 {
			t.Errorf("addrs = %v, err = %v", addrs, err)
		}
		if s.cache.Len() != 1 {
			t.Errorf("not cached")
		}
	})
}
