package pollerignoresdone

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestPollUntil(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		n := 0
		if !PollUntil(time.Millisecond, func() bool { n++; time.Sleep(5 * time.Millisecond); return n >= 3 }) {
			t.Errorf("condition never held")
		}
		time.Sleep(20 * time.Millisecond)
	})
}
