package waitstopembedded

import (
	"sync"
	"syscall"
)

// State is a container's run state; it is locked through the container.
type State struct {
	sync.Mutex
	Running  bool
	Pid      int
	ExitCode int
	waiters  []chan int
}

// waitStopLocked returns a channel that receives the exit code once the container has
// stopped. The caller holds the lock.
func (s *State) waitStopLocked() <-chan int {
	ch := make(chan int, 1)
	if !s.Running {
		ch <- s.ExitCode
		return ch
	}
	s.waiters = append(s.waiters, ch)
	return ch
}

func (s *State) SetRunning(pid int) {
	s.Lock()
	defer s.Unlock()
	s.Running, s.Pid = true, pid
}

// SetStopped records the exit and wakes everyone waiting for it.
func (s *State) SetStopped(code int) {
	s.Lock()
	defer s.Unlock()
	s.Running, s.Pid, s.ExitCode = false, 0, code
	for _, ch := range s.waiters {
		ch <- code
	}
	s.waiters = nil
}

type Container struct {
	*State
	ID string
}

// Runtime is the containerd client.
type Runtime interface {
	Kill(id string, sig syscall.Signal) error
}

type exitEvent struct {
	id   string
	code int
}

type Daemon struct {
	rt         Runtime
	mu         sync.Mutex
	containers map[string]*Container
}

func (d *Daemon) get(id string) *Container {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.containers[id]
}

// monitor applies the runtime's exit events to the containers.
func (d *Daemon) monitor(events <-chan exitEvent) {
	for ev := range events {
		if c := d.get(ev.id); c != nil {
			c.SetStopped(ev.code)
		}
	}
}

// Stop kills the container and returns its exit code.
// The container lock is released before waiting: the exit monitor needs it to report the exit.
func (d *Daemon) Stop(c *Container) (int, error) {
	c.Lock()
	if !c.Running {
		code := c.ExitCode
		c.Unlock()
		return code, nil
	}
	wait := c.waitStopLocked()
	c.Unlock()
	if err := d.rt.Kill(c.ID, syscall.SIGKILL); err != nil {
		return -1, err
	}
	return <-wait, nil
}
