package deferredsenderr

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestPullMissingLayer(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := &registry{missing: map[string]bool{"sha256:bb": true}}
		p := newPuller("docker.io/library/redis:7", r)
		err := p.Pull([]Descriptor{{"sha256:aa", 10}, {"sha256:bb", 20}, {"sha256:cc", 30}})
		if err == nil {
			t.Error("want the missing layer's error")
		}
	})
}
