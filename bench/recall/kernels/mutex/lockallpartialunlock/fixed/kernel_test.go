package lockallpartialunlock

import (
	"fmt"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestSnapshotWithRetiredStripe(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewCache(4)
		c.logf = t.Logf
		c.CloseStripe(2)
		if _, err := c.Snapshot(); err == nil {
			t.Errorf("snapshot with a retired stripe succeeded")
		}
		// A write to stripe 0, which the failed snapshot had locked before it met stripe 2.
		for i := 0; ; i++ {
			key := fmt.Sprintf("key-%d", i)
			if c.shardFor(key).id == 0 {
				_ = c.Put(key, []byte("v"))
				return
			}
		}
	})
}
