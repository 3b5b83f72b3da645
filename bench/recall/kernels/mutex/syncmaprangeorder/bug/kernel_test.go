package syncmaprangeorder

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestSuspectDuringGossip(t *testing.T) {
	testHookHeld = func() { time.Sleep(50 * time.Millisecond) }
	defer func() { testHookHeld = func() {} }()
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewCluster("a", "b", "c")
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			c.Member("b").SetState(Suspect)
		}()
		go func() {
			defer wg.Done()
			c.Snapshot()
		}()
		wg.Wait()
	})
}
