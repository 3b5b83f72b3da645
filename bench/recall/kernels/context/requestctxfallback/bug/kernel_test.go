package requestctxfallback

import (
	"context"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestStatTimesOut(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := &Client{tr: &slowNode{latency: 50 * time.Millisecond}}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		if _, err := c.StatObject(ctx, "photos", "2026/12/cat.jpg"); err == nil {
			t.Error("want a timeout")
		}
	})
}
