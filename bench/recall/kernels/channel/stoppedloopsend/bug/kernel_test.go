package stoppedloopsend

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestAddAfterStop(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		q := NewWorkQueue()
		q.Add("default/nginx")
		if k := q.Get(); k != "default/nginx" {
			t.Errorf("got %q", k)
		}
		q.Stop()
		// An informer event handler may still fire after the controller stopped.
		q.Add("default/redis")
	})
}
