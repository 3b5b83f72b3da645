package flightwaitunderlock

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestTwoPagesShareTheStylesheet(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewResourceCache()
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.GetOrCreate("css/main.min.css", minify("main.css", "body {  margin: 0 }")); err != nil {
					t.Error(err)
				}
			}()
			time.Sleep(5 * time.Millisecond)
		}
		wg.Wait()
	})
}
