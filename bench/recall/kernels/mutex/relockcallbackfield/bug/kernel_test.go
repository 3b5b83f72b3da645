package relockcallbackfield

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestStateChangeRebuildsPicker(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		b := NewBalancer()
		b.UpdateSubConnState("10.0.0.1:443", connecting)
		b.UpdateSubConnState("10.0.0.1:443", ready)
		if n := b.ReadyCount(); n != 1 {
			t.Errorf("ready = %d", n)
		}
	})
}
