package readyadvanceskipped

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestBadEntryDoesNotStallLog(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		n := StartNode()
		sm := NewStateMachine()
		s := NewServer(n, sm)
		defer n.Stop()
		defer s.Stop()

		if err := n.Propose("garbage"); err != nil {
			t.Fatal(err)
		}
		sm.WaitApplied(0)
		time.Sleep(50 * time.Millisecond) // the bad entry is handed out on its own
		if err := n.Propose("x=1"); err != nil {
			t.Fatal(err)
		}
		sm.WaitApplied(2)
	})
}
