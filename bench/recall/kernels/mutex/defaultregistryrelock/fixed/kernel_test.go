package defaultregistryrelock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestRegisterPoolCollector(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		DefaultRegisterer = NewRegistry() // a fresh default registry per run
		pool := &ConnPool{Name: "primary", Open: 4, Idle: 1}
		MustRegister(NewPoolCollector(pool))
		pool.waits.Observe(0.25)
		if got := DefaultRegisterer.Gather(); len(got) != 4 {
			t.Errorf("gathered %v", got)
		}
	})
}
