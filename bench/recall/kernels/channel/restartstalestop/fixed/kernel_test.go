package restartstalestop

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestResetIntervalThenStop(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := NewProber("10.0.0.7:8080", CheckerFunc(func(string) error { return nil }), 5*time.Millisecond)
		p.Start()
		time.Sleep(20 * time.Millisecond)
		p.Reset(10 * time.Millisecond)
		time.Sleep(30 * time.Millisecond)
		if r, err := p.Last(); err != nil || !r.Healthy {
			t.Errorf("last = %v, %v", r, err)
		}
		p.Stop()
	})
}
