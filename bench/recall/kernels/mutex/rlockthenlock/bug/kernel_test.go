package rlockthenlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestTargetCreatedOnce(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := NewScrapePool()
		a := p.Target("http://node-1:9100/metrics")
		b := p.Target("http://node-1:9100/metrics")
		if a != b {
			t.Errorf("two targets for one URL")
		}
	})
}
