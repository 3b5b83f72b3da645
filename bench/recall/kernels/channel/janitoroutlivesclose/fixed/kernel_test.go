package janitoroutlivesclose

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestSessionsClose(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewSessions(20 * time.Millisecond)
		s.Touch("alice")
		time.Sleep(30 * time.Millisecond)
		s.Close()
	})
}
