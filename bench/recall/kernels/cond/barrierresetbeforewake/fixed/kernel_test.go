package barrierresetbeforewake

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestRebalanceTwoPhases(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewRebalancer(3)
		log := r.Run([]string{"r1", "r2", "r3"})
		if len(log) != 6 {
			t.Errorf("log = %v", log)
		}
	})
}
