package eventspublishevict

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestClientLeavesWhileContainersStart(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		e := New()
		_, l := e.Subscribe()

		handlerDone := make(chan struct{})
		go func() { // the /events handler streaming to a client that disconnects
			defer close(handlerDone)
			ev := <-l
			_ = ev
			time.Sleep(20 * time.Millisecond) // write to the client fails: broken pipe
			e.Evict(l)
		}()

		e.Log("create", "container", "4f2a")
		e.Log("start", "container", "4f2a")
		<-handlerDone
	})
}
