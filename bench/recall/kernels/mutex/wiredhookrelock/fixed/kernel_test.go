package wiredhookrelock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCapacityReported(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		updates := make(chan endpointsUpdate)
		th := NewThrottler(updates)
		defer close(updates)
		updates <- endpointsUpdate{rev: "hello-00001", backends: map[string]int{"10.0.0.5": 10, "10.0.0.6": 10}}
		if rev := <-th.reporter.reported; rev != "hello-00001" {
			t.Errorf("reported %s", rev)
		}
		if c := th.revs["hello-00001"].Capacity(); c != 20 {
			t.Errorf("capacity %d", c)
		}
	})
}
