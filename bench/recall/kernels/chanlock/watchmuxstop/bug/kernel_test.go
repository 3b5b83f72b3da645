package watchmuxstop

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestStopWhileDistributing(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewMux()
		w := m.Watch()
		go m.Action(Event{Key: "pods/a"})
		time.Sleep(20 * time.Millisecond)
		// The consumer gives up instead of reading the event.
		w.Stop()
		m.Shutdown()
	})
}
