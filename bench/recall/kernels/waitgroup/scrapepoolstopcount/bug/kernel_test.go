package scrapepoolstopcount

import (
	"context"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestStopPoolOverTargetLimit(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		cfg := &ScrapeConfig{JobName: "node", ScrapeInterval: 5 * time.Millisecond, TargetLimit: 2}
		sp := newScrapePool(cfg, func(context.Context, *Target) error { return nil })
		sp.sync([]*Target{
			{URL: "http://10.0.0.1:9100/metrics"},
			{URL: "http://10.0.0.2:9100/metrics"},
			{URL: "http://10.0.0.3:9100/metrics"},
		})
		time.Sleep(30 * time.Millisecond)
		sp.stop()
	})
}
