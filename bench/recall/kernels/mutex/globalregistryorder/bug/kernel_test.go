package globalregistryorder

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCloseWhileSnapshot(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := Dial("dns:///etcd-0:2379")
		c.Invoke()
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); c.Close() }()
		go func() {
			defer wg.Done()
			time.Sleep(10 * time.Millisecond) // the debug page is polled while the channel closes
			_ = Snapshot()
		}()
		wg.Wait()
	})
}
