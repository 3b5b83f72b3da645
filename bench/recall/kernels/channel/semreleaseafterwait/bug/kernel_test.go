package semreleaseafterwait

import (
	"fmt"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestProbeMoreTargetsThanSlots(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := NewProber(fakeProbe, 2)
		p.logf = t.Logf
		var targets []Target
		for i := 1; i <= 5; i++ {
			targets = append(targets, Target{Job: "node", Instance: fmt.Sprintf("10.0.0.%d:9100", i)})
		}
		if got := p.ProbeAll(targets); len(got) != 5 {
			t.Errorf("got %d results", len(got))
		}
	})
}
