package afterfuncstopskipsdone

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestDeregisterThenShutdown(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		sy := &countingSyncer{calls: map[string]int{}}
		s := NewRetryScheduler(sy)
		s.After("web", 5*time.Millisecond)
		s.After("redis", time.Hour)
		time.Sleep(30 * time.Millisecond)
		s.Cancel("redis")
		s.Close()
		if sy.calls["web"] != 1 || sy.calls["redis"] != 0 {
			t.Errorf("calls = %v", sy.calls)
		}
	})
}
