package lockorderchain

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCloseWhileWriting(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		tr := NewTransport(1 << 16)
		s := tr.NewStream(1)
		arrived := make(chan struct{}, 2)
		tr.afterFirstLock = func() {
			arrived <- struct{}{}
			deadline := time.After(100 * time.Millisecond)
			for len(arrived) < 2 {
				select {
				case <-deadline:
					return
				default:
					time.Sleep(time.Millisecond)
				}
			}
		}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); s.Write([]byte("HEADERS")) }()
		go func() { defer wg.Done(); tr.Close() }()
		wg.Wait()
	})
}
