package stopkeeperunderlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestDisableWhileExpiring(t *testing.T) {
	testHookDisabling = func() { time.Sleep(20 * time.Millisecond) }
	defer func() { testHookDisabling = func() {} }()
	leakcheck.Run(t, 2*time.Second, func() {
		as := NewAuthStore()
		as.Enable()
		as.Assign("t1", "root", 0)
		as.Disable()
	})
}
