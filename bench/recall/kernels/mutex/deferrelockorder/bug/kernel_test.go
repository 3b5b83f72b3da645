package deferrelockorder

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestPauseLogsEvent(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := NewDaemon()
		c := &Container{ID: "4f2a", Name: "web", Image: "nginx", Labels: map[string]string{"tier": "front"}}
		c.State = State{Running: true, Pid: 4242}
		d.containers[c.ID] = c
		if err := d.ContainerPause(c); err != nil {
			t.Error(err)
		}
		if len(d.events.logs) != 1 {
			t.Errorf("events = %d", len(d.events.logs))
		}
	})
}
