package nestedsemaphore

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestPullTwoAppsConcurrently(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		reg := &fakeRegistry{latency: 20 * time.Millisecond, manifests: map[string]Manifest{
			"alpine": {Ref: "alpine", Layers: []string{"sha256:a1"}},
			"web":    {Ref: "web", Parent: "alpine", Layers: []string{"sha256:w1"}},
			"worker": {Ref: "worker", Parent: "alpine", Layers: []string{"sha256:k1"}},
		}}
		p := NewPuller(reg, 2)
		var wg sync.WaitGroup
		for _, ref := range []string{"web", "worker"} {
			ref := ref
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := p.Pull(ref); err != nil {
					t.Errorf("pull %s: %v", ref, err)
				}
			}()
		}
		wg.Wait()
	})
}
