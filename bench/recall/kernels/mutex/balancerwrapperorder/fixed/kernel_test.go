package balancerwrapperorder

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestResolverUpdateDuringStateChange(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		w := newCCWrapper("dns:///payments.svc:443")
		w.handleResolvedAddrs([]string{"10.0.0.1:443"})
		var sc *SubConn
		for s := range w.subConns {
			sc = s
		}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			w.handleResolvedAddrs([]string{"10.0.0.1:443", "10.0.0.2:443"})
		}()
		go func() {
			defer wg.Done()
			time.Sleep(time.Millisecond)
			w.handleSubConnState(sc, Ready)
		}()
		wg.Wait()
	})
}
