package stopchvsctx

import (
	"context"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestEventAfterShutdown(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewController(context.Background(), func(string) error { return nil })
		c.logf = t.Logf
		events := make(chan Event)
		c.Run(2, events)
		events <- Event{Type: Added, Namespace: "default", Name: "web-0"}
		c.Shutdown()
		// The informer delivers one more event before it is stopped itself.
		events <- Event{Type: Updated, Namespace: "default", Name: "web-0"}
		close(events)
	})
}
