package pendingreplytimeout

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestLateReply(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		conn := make(chan frame)
		sent := make(chan frame, 1)
		c := NewClient(conn, sent)
		// The reply arrives just after the caller gave up, before it unregisters.
		testHookTimedOut = func(seq uint64) {
			conn <- frame{seq: seq, payload: "late"}
			time.Sleep(20 * time.Millisecond)
		}
		defer func() { testHookTimedOut = func(uint64) {} }()
		if _, err := c.Call("slow", 10*time.Millisecond); err != ErrTimeout {
			t.Errorf("want a timeout, got %v", err)
		}
		<-sent
		close(conn)
	})
}
