package spantreeorder

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestChildFinishesWhileParentIsRecorded(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		root := StartSpan("sql txn")
		child := root.StartChild("kv batch")
		child.Record("sent to n2")

		// Both operations are caught inside their critical section at the same time.
		testingPause = func(string) { time.Sleep(50 * time.Millisecond) }
		defer func() { testingPause = func(string) {} }()

		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); child.Finish() }()
		time.Sleep(10 * time.Millisecond)
		go func() {
			defer wg.Done()
			if rec := root.Recording(); len(rec) != 3 {
				t.Errorf("recording = %q", rec)
			}
		}()
		wg.Wait()
	})
}
