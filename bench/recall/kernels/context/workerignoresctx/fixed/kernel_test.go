package workerignoresctx

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestShutdownStopsWorkers(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		gc := NewGarbageCollector(3)
		gc.Enqueue(deleteJob{UID: "7c1d", Namespace: "default"})
		gc.Shutdown()
	})
}
