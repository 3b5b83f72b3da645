package probereportsunhealthy

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCheckHealthyTarget(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := Check(Target{Name: "api", Healthy: func() bool { return true }})
		if r.Err != nil {
			t.Errorf("healthy target reported %v", r.Err)
		}
	})
}
