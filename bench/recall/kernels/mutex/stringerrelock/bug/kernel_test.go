package stringerrelock

import (
	"bytes"
	"log"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestSuspectAfterThreeProbes(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewMemberlist(log.New(&bytes.Buffer{}, "", 0))
		m.Join("node-a", "10.0.0.1:7946")
		m.Join("node-b", "10.0.0.2:7946")
		for i := 0; i < 3; i++ {
			if err := m.MarkSuspect("node-b"); err != nil {
				t.Error(err)
			}
		}
		if got := m.Alive(); got != 1 {
			t.Errorf("alive = %d", got)
		}
	})
}
