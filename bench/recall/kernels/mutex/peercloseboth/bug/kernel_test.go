package peercloseboth

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestBothEndsClose(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c, s := Pipe()
		c.Write([]byte("PRI * HTTP/2.0"))
		s.Write([]byte("SETTINGS"))
		// The client's transport and the server's handler both shut down at the end of the stream.
		var wg sync.WaitGroup
		for _, e := range []*end{c, s} {
			wg.Add(1)
			go func(e *end) {
				defer wg.Done()
				e.Close()
			}(e)
		}
		wg.Wait()
	})
}
