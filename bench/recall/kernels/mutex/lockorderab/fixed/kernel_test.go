package lockorderab

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestRenameWhileStarting(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := NewDaemon()
		c := &Container{ID: "4f2a", Name: "web"}
		d.names["web"] = c.ID
		// Each path waits (at most 100ms) for the other to hold its first lock.
		arrived := make(chan struct{}, 2)
		d.testHookFirstLock = func() {
			arrived <- struct{}{}
			deadline := time.After(100 * time.Millisecond)
			for len(arrived) < 2 {
				select {
				case <-deadline:
					return
				default:
					time.Sleep(time.Millisecond)
				}
			}
		}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); d.Rename(c, "frontend") }()
		go func() { defer wg.Done(); c.SetRunning(d, true) }()
		wg.Wait()
	})
}
