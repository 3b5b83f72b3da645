package genericmailboxput

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestBurstOfChanges(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		var mu sync.Mutex
		pushes := 0
		c := NewCache(1, 40*time.Millisecond, func(map[string]Config) {
			mu.Lock()
			pushes++
			mu.Unlock()
		})
		done := make(chan struct{})
		go func() { defer close(done); c.Dispatch() }()

		// A deployment updates three virtual services at once.
		for _, name := range []string{"reviews", "ratings", "details"} {
			c.Set(Config{Name: name})
			time.Sleep(5 * time.Millisecond)
		}
		c.Close()
		<-done
		if pushes == 0 {
			t.Error("nothing pushed")
		}
	})
}
