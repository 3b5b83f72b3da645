package recursivewalkrelock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestPodOverLimit(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewManager()
		m.Create("/kubepods", Resources{})
		m.Create("/kubepods/pod1", Resources{MemoryLimit: 100})
		m.Create("/kubepods/pod1/app", Resources{})
		m.Create("/kubepods/pod1/sidecar", Resources{})
		m.Charge("/kubepods/pod1/app", 80)
		m.Charge("/kubepods/pod1/sidecar", 40)
		if over := m.OverLimit(); len(over) != 1 || over[0] != "/kubepods/pod1" {
			t.Errorf("over limit = %v", over)
		}
	})
}
