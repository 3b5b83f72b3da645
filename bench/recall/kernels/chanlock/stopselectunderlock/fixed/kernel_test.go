package stopselectunderlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestStopWhileSyncing(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewController()
		c.mu.Lock() // a sync arrives while the controller is busy
		go c.Enqueue("pod-a")
		<-c.started
		c.mu.Unlock()
		c.Stop()
	})
}
