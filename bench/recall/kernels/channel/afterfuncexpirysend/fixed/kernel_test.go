package afterfuncexpirysend

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestLeadershipLostWithLiveSessions(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		l := NewLeader()
		l.CreateSession(&Session{ID: "s1", Node: "web-1", TTL: 10 * time.Millisecond, Behavior: "release"})
		l.CreateSession(&Session{ID: "s2", Node: "web-2", TTL: 10 * time.Millisecond, Behavior: "delete"})
		if err := l.Renew("s1"); err != nil {
			t.Fatal(err)
		}
		l.RevokeLeadership()
		time.Sleep(50 * time.Millisecond)
	})
}
