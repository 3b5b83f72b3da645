package keylockhandover

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestConcurrentGets(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		fetching := make(chan struct{})
		release := make(chan struct{})
		var once sync.Once
		c := NewCache(func(key string) int {
			once.Do(func() { close(fetching) })
			<-release
			return len(key)
		})
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); c.Get("a") }()
		<-fetching
		// The second Get waits for key a's mutex, holding the table's lock, before the first one gives it back.
		go func() { defer wg.Done(); c.Get("a") }()
		time.Sleep(50 * time.Millisecond)
		close(release)
		wg.Wait()
	})
}
