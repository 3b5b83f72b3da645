package cancelnotcalled

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type heldElsewhere struct{}

func (heldElsewhere) TryAcquire(string) bool { return false }

func TestStopFollower(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		e := &Elector{identity: "node-b", lock: heldElsewhere{}, period: 5 * time.Millisecond}
		e.Run()
		time.Sleep(20 * time.Millisecond)
		e.Stop()
	})
}
