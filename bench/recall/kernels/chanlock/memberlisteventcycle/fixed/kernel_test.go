package memberlisteventcycle

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestJoinsWhileLeaving(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewSerf(slowBroadcaster{delay: 50 * time.Millisecond})
		defer s.Shutdown()
		s.ml.aliveNode("node-a", "10.0.0.1:7946")
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); s.Leave() }()
		time.Sleep(10 * time.Millisecond)
		go func() {
			defer wg.Done()
			s.ml.aliveNode("node-b", "10.0.0.2:7946")
			s.ml.aliveNode("node-c", "10.0.0.3:7946")
		}()
		wg.Wait()
		if n := s.ml.NumMembers(); n != 3 {
			t.Errorf("%d members", n)
		}
	})
}
