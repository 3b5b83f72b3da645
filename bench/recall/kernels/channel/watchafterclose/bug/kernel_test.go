package watchafterclose

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCloseStopsTheWatch(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		w := NewWatch(func(i uint64) QueryResult {
			time.Sleep(5 * time.Millisecond)
			return QueryResult{Index: i + 1, Value: []byte("leader=node-2")}
		})
		r := <-w.Results()
		if r.Index != 1 {
			t.Errorf("index = %d", r.Index)
		}
		w.Close()
	})
}
