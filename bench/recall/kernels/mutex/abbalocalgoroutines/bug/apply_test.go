package abbalocalgoroutines

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// applyAndCompact applies a batch and compacts the log at the same time, as a store does on its hot path.
func applyAndCompact(entries []string, pause time.Duration) (applied, kept int) {
	var indexMu, logMu sync.Mutex
	index := map[string]int{}
	var log []string
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // applier
		defer wg.Done()
		indexMu.Lock()
		time.Sleep(pause)
		logMu.Lock()
		for i, e := range entries {
			index[e] = i
			log = append(log, e)
		}
		applied = len(entries)
		logMu.Unlock()
		indexMu.Unlock()
	}()
	go func() { // compactor
		defer wg.Done()
		logMu.Lock()
		time.Sleep(pause)
		indexMu.Lock()
		if len(log) > 2 {
			log = log[len(log)-2:]
		}
		kept = len(log)
		indexMu.Unlock()
		logMu.Unlock()
	}()
	wg.Wait()
	return applied, kept
}

func TestApplyAndCompact(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		applyAndCompact([]string{"a", "b", "c"}, 10*time.Millisecond)
	})
}
