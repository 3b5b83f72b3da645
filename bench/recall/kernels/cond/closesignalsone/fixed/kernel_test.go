package closesignalsone

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestShutDownReleasesConsumers(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		q := NewQueue()
		var wg sync.WaitGroup
		for i := 0; i < 3; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					if _, shutdown := q.Get(); shutdown {
						return
					}
				}
			}()
		}
		q.Add("a")
		time.Sleep(20 * time.Millisecond)
		q.ShutDown()
		wg.Wait()
	})
}
