package waitstopembedded

import (
	"sync"
	"syscall"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// fakeRuntime reports a kill as an exit event, like containerd's task exit.
type fakeRuntime struct{ exits chan exitEvent }

func (r *fakeRuntime) Kill(id string, sig syscall.Signal) error {
	r.exits <- exitEvent{id: id, code: 128 + int(sig)}
	return nil
}

func TestStopRunningContainer(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		rt := &fakeRuntime{exits: make(chan exitEvent, 8)}
		d := &Daemon{rt: rt, containers: map[string]*Container{}}
		c := &Container{State: &State{}, ID: "4f1c"}
		c.SetRunning(4242)
		d.containers[c.ID] = c

		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); d.monitor(rt.exits) }()

		code, err := d.Stop(c)
		if err != nil || code != 137 {
			t.Errorf("stop = %d, %v", code, err)
		}
		close(rt.exits)
		wg.Wait()
	})
}
