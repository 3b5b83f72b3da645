package todoctxsendunderlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestWatcherStopsAfterFirstEvent(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		b := NewBroadcaster()
		w := b.Watch(nil)
		b.Action("ADDED", "pod/web-1")
		b.Action("MODIFIED", "pod/web-1")
		if ev := <-w.ResultChan(); ev.Object != "pod/web-1" {
			t.Errorf("event = %+v", ev)
		}
		time.Sleep(10 * time.Millisecond) // the broadcaster is now sending the second event
		w.Stop()
		close(b.incoming)
	})
}
