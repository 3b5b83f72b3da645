package decoratorwatchstop

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestWaitForModifiedThroughFilter(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		src := newStreamWatcher([]Event{
			{Added, "web-0"},
			{Modified, "web-0"},
			{Modified, "web-0"},
			{Deleted, "web-1"},
		})
		onlyModified := func(e Event) (Event, bool) { return e, e.Type == Modified }
		if !WaitForModified(Filter(src, onlyModified), "web-0") {
			t.Error("no modification seen")
		}
	})
}
