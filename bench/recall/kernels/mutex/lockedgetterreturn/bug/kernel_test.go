package lockedgetterreturn

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestRenewFromWrongNode(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewSessionManager()
		m.logf = t.Logf
		m.Create("s1", "node-a", 10*time.Second)
		if err := m.Renew("s1", "node-b"); err == nil {
			t.Errorf("renew from a node that does not own the session succeeded")
		}
		if owner, _, err := m.Info("s1"); err != nil || owner != "node-a" {
			t.Errorf("info: %q %v", owner, err)
		}
	})
}
