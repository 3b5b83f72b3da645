package signalwrongwaiter

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCommitOutOfOrder(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		w := &memWriter{}
		c := NewCommitter(w)
		txns := make([]*Txn, 3)
		for i := range txns {
			txns[i] = &Txn{StartTS: uint64(100 + i), CommitTS: uint64(200 + i), Mutation: "put k"}
			c.Prewrite(txns[i])
		}
		var wg sync.WaitGroup
		// the later transactions finish their 2PC first and wait for their turn
		for _, i := range []int{2, 1} {
			wg.Add(1)
			go func(t *Txn) { defer wg.Done(); c.Commit(t) }(txns[i])
			time.Sleep(20 * time.Millisecond)
		}
		c.Commit(txns[0])
		wg.Wait()
		if len(w.recs) != 3 {
			t.Errorf("records: %v", w.recs)
		}
	})
}
