package doublechecked

import (
	"sync"
	"testing"
)

func TestConcurrentFirstCalls(t *testing.T) {
	c := NewClient("dns:///backend")
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := c.Call("Ping"); got != "dns:///backend/Ping" {
				t.Errorf("got %q", got)
			}
		}()
	}
	wg.Wait()
}
