package rlockacrosssend

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestPublishToAHandlerThatUpdates(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewMonitor()
		m.Update("a1", "healthy")
		m.Update("b2", "starting")
		handled := make(chan struct{})
		go func() {
			defer close(handled)
			for i := 0; i < 2; i++ {
				ev := <-m.Events()
				m.Update(ev.ContainerID, ev.Status+" (acknowledged)") // the restart manager records what it saw
			}
		}()
		m.PublishAll()
		<-handled
	})
}
