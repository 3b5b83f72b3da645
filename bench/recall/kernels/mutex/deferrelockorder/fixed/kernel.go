package deferrelockorder

import (
	"errors"
	"sync"
	"time"
)

type State struct {
	Running bool
	Paused  bool
	Pid     int
}

// Container embeds its lock the way the daemon's containers do.
type Container struct {
	sync.Mutex
	ID     string
	Name   string
	Image  string
	Labels map[string]string
	State  State
}

// attributes snapshots what an event carries about the container.
func (c *Container) attributes() map[string]string {
	c.Lock()
	defer c.Unlock()
	attrs := map[string]string{"name": c.Name, "image": c.Image}
	for k, v := range c.Labels {
		attrs[k] = v
	}
	return attrs
}

type Event struct {
	Action string
	ID     string
	Attrs  map[string]string
	Time   time.Time
}

type Events struct {
	mu   sync.Mutex
	logs []Event
}

func (e *Events) Log(action, id string, attrs map[string]string) {
	e.mu.Lock()
	e.logs = append(e.logs, Event{Action: action, ID: id, Attrs: attrs, Time: time.Now()})
	e.mu.Unlock()
}

type Daemon struct {
	events     *Events
	containers map[string]*Container
}

func NewDaemon() *Daemon {
	return &Daemon{events: &Events{}, containers: map[string]*Container{}}
}

func (d *Daemon) LogContainerEvent(c *Container, action string) {
	d.events.Log(action, c.ID, c.attributes())
}

var errNotRunning = errors.New("container is not running")

// ContainerPause freezes the container's processes and records a "pause" event.
func (d *Daemon) ContainerPause(c *Container) error {
	paused := false
	// Registered before the lock so that it runs after the deferred Unlock.
	defer func() {
		if paused {
			d.LogContainerEvent(c, "pause")
		}
	}()
	c.Lock()
	defer c.Unlock()
	if !c.State.Running {
		return errNotRunning
	}
	if c.State.Paused {
		return nil
	}
	c.State.Paused = true
	paused = true
	return nil
}
