package stopselectunderlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestStopWhileSyncing(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewController()
		c.beforeSync = func() { time.Sleep(50 * time.Millisecond) } // Stop comes while a sync is under way
		go c.Enqueue("pod-a")
		<-c.started
		c.Stop()
	})
}
