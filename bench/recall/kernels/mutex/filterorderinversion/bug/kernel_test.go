package filterorderinversion

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestExitWhileListing(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := NewDaemon()
		d.logf = t.Logf
		c := &Container{ID: "c1", Name: "web", State: "running", AutoRemove: true}
		d.containers.Add(c)
		exiting := make(chan struct{})
		d.exitHook = func() {
			// `ps` comes in while the exit is being recorded.
			close(exiting)
			time.Sleep(50 * time.Millisecond)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			d.handleExit(c, 137)
		}()
		<-exiting
		d.Running()
		<-done
	})
}
