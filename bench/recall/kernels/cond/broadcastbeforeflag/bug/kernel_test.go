package broadcastbeforeflag

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestFollowUntilContainerExits(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		b := NewLogBuffer()
		followed := make(chan int)
		go func() {
			n := 0
			for {
				if _, ok := b.Next(); !ok {
					break
				}
				n++
			}
			followed <- n
		}()
		b.Append(LogEntry{Container: "4f1e3c9a7b2d", Stream: "stdout", Line: "listening on :8080"})
		time.Sleep(10 * time.Millisecond) // the follower has read the line and waits for more
		b.Close()
		if n := <-followed; n != 1 {
			t.Errorf("followed %d lines", n)
		}
	})
}
