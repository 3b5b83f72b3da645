package broadcastmissed

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestWaitStopAfterFailedStart(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewState()
		s.SetStarting()
		codes := make(chan int)
		go func() { codes <- s.WaitStop() }()
		time.Sleep(50 * time.Millisecond) // the waiter is asleep in WaitStop
		s.SetStartFailed("exec: \"/entrypoint.sh\": permission denied")
		if c := <-codes; c != 128 {
			t.Errorf("code = %d", c)
		}
	})
}
