package timerdrainconsumed

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestKeepAliveTicks(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		k := newKeepAliver(7, 10*time.Millisecond, &fakeServer{})
		time.Sleep(50 * time.Millisecond)
		k.close()
		if k.Sent() == 0 {
			t.Error("no keepalive sent")
		}
	})
}
