package embeddedwaiter

import (
	"sync"
	"syscall"
	"time"
)

// State is a container's run state; it is locked through the container that embeds it.
type State struct {
	sync.Mutex
	Running  bool
	ExitCode int
	waiters  []chan int
}

// waitStop returns a channel that receives the exit code once the container stopped. The caller holds the lock.
func (s *State) waitStop() <-chan int {
	ch := make(chan int, 1)
	if !s.Running {
		ch <- s.ExitCode
		return ch
	}
	s.waiters = append(s.waiters, ch)
	return ch
}

// SetStopped records the exit and wakes everyone waiting for it.
func (s *State) SetStopped(code int) {
	s.Lock()
	defer s.Unlock()
	s.Running, s.ExitCode = false, code
	for _, ch := range s.waiters {
		ch <- code
	}
	s.waiters = nil
}

type Container struct {
	*State
	ID string
}

type Runtime interface {
	Kill(id string, sig syscall.Signal) error
}

type Daemon struct {
	rt Runtime
}

// The lock promoted through *State is held while the stop waiter is received from; only SetStopped, after its
// own Lock of that State, feeds the waiter.
func (d *Daemon) Stop(c *Container) (int, error) {
	c.Lock()
	defer c.Unlock()
	if !c.Running {
		return c.ExitCode, nil
	}
	wait := c.waitStop()
	if err := d.rt.Kill(c.ID, syscall.SIGKILL); err != nil {
		return -1, err
	}
	return <-wait, nil // want `Stop receives from wait while holding c.State.Mutex \(locked at line 55\), but SetStopped, which sends on or closes it, locks State.Mutex before it does \(line 30\)`
}

// The same lock spelled through the embedded field.
func (d *Daemon) Restart(c *Container) error {
	c.State.Lock()
	wait := c.waitStop()
	if err := d.rt.Kill(c.ID, syscall.SIGTERM); err != nil {
		c.State.Unlock()
		return err
	}
	<-wait // want `Restart receives from wait while holding c.State.Mutex \(locked at line 69\), but SetStopped`
	c.State.Unlock()
	return nil
}

// The fix: register the waiter under the lock, wait without it. Silent.
func (d *Daemon) StopFixed(c *Container) (int, error) {
	c.Lock()
	if !c.Running {
		code := c.ExitCode
		c.Unlock()
		return code, nil
	}
	wait := c.waitStop()
	c.Unlock()
	if err := d.rt.Kill(c.ID, syscall.SIGKILL); err != nil {
		return -1, err
	}
	return <-wait, nil
}

// Unlocked through the other spelling before the wait. Silent.
func (d *Daemon) StopFixedSpelled(c *Container) int {
	c.State.Lock()
	wait := c.waitStop()
	c.Unlock()
	return <-wait
}

// A timed wait: the select can leave, so nothing waits for ever. Silent.
func (d *Daemon) StopTimeout(c *Container, timeout time.Duration) (int, bool) {
	c.Lock()
	defer c.Unlock()
	wait := c.waitStop()
	select {
	case code := <-wait:
		return code, true
	case <-time.After(timeout):
		return 0, false
	}
}
