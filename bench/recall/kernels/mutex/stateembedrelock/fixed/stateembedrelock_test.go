package stateembedrelock

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// State is embedded in Container; its mutex is the container lock.
type State struct {
	sync.Mutex
	Running  bool
	Paused   bool
	Pid      int
	ExitCode int
}

func (s *State) IsRunning() bool {
	s.Lock()
	res := s.Running
	s.Unlock()
	return res
}

func (s *State) IsPaused() bool {
	s.Lock()
	res := s.Paused
	s.Unlock()
	return res
}

// SetRunning, SetPaused and SetUnpaused expect the caller to hold the container lock.
func (s *State) SetRunning(pid int) { s.Running, s.Pid = true, pid }
func (s *State) SetPaused()         { s.Paused = true }
func (s *State) SetUnpaused()       { s.Paused = false }

type Container struct {
	*State
	ID   string
	Name string
}

type containerdClient interface {
	Pause(id string) error
}

type Daemon struct {
	containerd containerdClient
	mu         sync.Mutex
	events     []string
}

func (daemon *Daemon) LogContainerEvent(c *Container, action string) {
	daemon.mu.Lock()
	daemon.events = append(daemon.events, action+" "+c.Name)
	daemon.mu.Unlock()
}

func errNotRunning(id string) error { return fmt.Errorf("container %s is not running", id) }

// containerPause pauses the container's processes.
func (daemon *Daemon) containerPause(container *Container) error {
	container.Lock()
	defer container.Unlock()

	if !container.Running {
		return errNotRunning(container.ID)
	}
	if container.Paused {
		return fmt.Errorf("container %s is already paused", container.ID)
	}
	if err := daemon.containerd.Pause(container.ID); err != nil {
		return fmt.Errorf("cannot pause container %s: %v", container.ID, err)
	}
	container.SetPaused()
	daemon.LogContainerEvent(container, "pause")
	return nil
}

type fakeContainerd struct{ paused map[string]bool }

func (f *fakeContainerd) Pause(id string) error { f.paused[id] = true; return nil }

func TestPauseRunningContainer(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := &Daemon{containerd: &fakeContainerd{paused: map[string]bool{}}}
		c := &Container{State: &State{}, ID: "4f2a", Name: "web"}
		c.Lock()
		c.SetRunning(4242)
		c.Unlock()
		if err := d.containerPause(c); err != nil {
			t.Errorf("pause: %v", err)
		}
		if !c.IsPaused() {
			t.Errorf("container not paused")
		}
	})
}
