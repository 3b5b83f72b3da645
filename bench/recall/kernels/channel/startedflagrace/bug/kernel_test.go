package startedflagrace

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type staticTarget bool

func (s staticTarget) Healthy() bool { return bool(s) }

func TestStopRightAfterStart(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewHealthMonitor(10*time.Millisecond, staticTarget(true), staticTarget(false))
		m.loadTargets = func() { time.Sleep(20 * time.Millisecond) }
		m.Start()
		m.Stop()
	})
}
