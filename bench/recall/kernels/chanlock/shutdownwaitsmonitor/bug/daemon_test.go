package shutdownwaitsmonitor

import (
	"fmt"
	"log"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type State struct {
	Running  bool
	ExitCode int
	Finished time.Time
}

type Container struct {
	ID     string
	Name   string
	daemon *Daemon
	kill   chan struct{}
	exited chan struct{}
	state  State
}

// monitor waits for the container's process and reports its exit to the daemon.
func (c *Container) monitor() {
	<-c.kill // the process ends once it is signalled
	c.daemon.handleExit(c, 137)
	close(c.exited)
}

// stop signals the process and waits until the monitor has seen it exit.
func (c *Container) stop(timeout time.Duration) error {
	close(c.kill)
	<-c.exited
	if !c.state.Finished.IsZero() && c.state.Running {
		return fmt.Errorf("container %s still running after %v", c.ID, timeout)
	}
	return nil
}

type Daemon struct {
	mu         sync.Mutex
	containers map[string]*Container
	exits      []string
	shutdown   bool
}

func (d *Daemon) Run(id, name string) *Container {
	c := &Container{ID: id, Name: name, daemon: d, kill: make(chan struct{}), exited: make(chan struct{})}
	c.state.Running = true
	d.mu.Lock()
	d.containers[id] = c
	d.mu.Unlock()
	go c.monitor()
	return c
}

// handleExit records the exit in the daemon's state.
func (d *Daemon) handleExit(c *Container, code int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c.state = State{Running: false, ExitCode: code, Finished: time.Now()}
	d.exits = append(d.exits, c.ID)
}

func (d *Daemon) stopContainers() {
	for _, c := range d.containers {
		if !c.state.Running {
			continue
		}
		if err := c.stop(10 * time.Second); err != nil {
			log.Printf("shutdown: %v", err)
		}
	}
}

// Shutdown stops every running container.
func (d *Daemon) Shutdown() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.shutdown = true
	d.stopContainers()
}

func TestShutdownStopsContainers(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := &Daemon{containers: map[string]*Container{}}
		d.Run("4f1e3c9a7b2d", "web")
		d.Run("9c0d1e2f3a4b", "db")
		d.Shutdown()
	})
}
