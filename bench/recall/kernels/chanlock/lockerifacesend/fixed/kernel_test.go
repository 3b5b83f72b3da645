package lockerifacesend

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestTwoBatches(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewReplica(42, 2)
		defer r.Stop()
		for i := uint64(1); i <= 4; i++ {
			r.propBuf.Insert(proposal{id: i, cmd: []byte("put k v"), size: 7})
		}
		time.Sleep(50 * time.Millisecond)
		if got := r.LastIndex(); got != 4 {
			t.Errorf("last index = %d", got)
		}
	})
}
