package watcherhelpersend

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// The client reads the first event only, then stops the watch.
func TestStopWithoutDraining(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		w := NewWatcher([]Event{{"a"}, {"b"}})
		if ev := <-w.ResultChan(); ev.Key != "a" {
			t.Errorf("first event %q", ev.Key)
		}
		w.Stop()
	})
}
