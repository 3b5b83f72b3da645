package stopctxdoneoverride

import (
	"context"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestShutdownStopsLoop(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := &revisionReconciler{}
		c := NewController(context.Background(), "revisions", r)
		c.Enqueue("default/hello-00001")
		time.Sleep(10 * time.Millisecond)
		c.Shutdown()
	})
}
