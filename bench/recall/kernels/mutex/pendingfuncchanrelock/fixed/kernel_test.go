package pendingfuncchanrelock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestConfChangeAppliedOnTick(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		n := NewNode(1)
		n.Tick()
		if err := n.ProposeConfChange(ConfChange{Add: true, NodeID: 2}); err != nil {
			t.Errorf("propose: %v", err)
		}
		n.Tick()
		if n.Voters() != 2 {
			t.Errorf("voters = %d", n.Voters())
		}
	})
}
