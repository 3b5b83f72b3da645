package checkpointrelock

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var errNotRunning = errors.New("container is not running")

type State struct {
	Running  bool
	Paused   bool
	Pid      int
	ExitCode int
}

type Container struct {
	sync.Mutex
	ID    string
	Name  string
	State *State
}

// ViewDB is the in-memory replica that `docker ps` and inspect read without taking container locks.
type ViewDB struct {
	mu    sync.Mutex
	views map[string]State
}

func (db *ViewDB) Save(id string, st State) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.views[id] = st
	return nil
}

// CheckpointTo makes the container's current state visible to queries and persists it.
// Callers must hold the container lock.
func (c *Container) CheckpointTo(store *ViewDB) error {
	return store.Save(c.ID, *c.State)
}

type Daemon struct {
	containersReplica *ViewDB
	containerd        func(id string) error // pauses the task
}

func (daemon *Daemon) containerPause(c *Container) error {
	c.Lock()
	defer c.Unlock()
	if !c.State.Running {
		return errNotRunning
	}
	if c.State.Paused {
		return nil
	}
	if err := daemon.containerd(c.ID); err != nil {
		return err
	}
	c.State.Paused = true
	return daemon.checkpointAndSave(c)
}

func (daemon *Daemon) checkpointAndSave(c *Container) error {
	return c.CheckpointTo(daemon.containersReplica)
}

// ContainerRename is another caller; it now checkpoints under the container lock too.
func (daemon *Daemon) ContainerRename(c *Container, name string) error {
	c.Lock()
	defer c.Unlock()
	c.Name = name
	return daemon.checkpointAndSave(c)
}

func TestPauseCheckpoints(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := &Daemon{
			containersReplica: &ViewDB{views: map[string]State{}},
			containerd:        func(string) error { return nil },
		}
		c := &Container{ID: "c1", Name: "web", State: &State{Running: true, Pid: 42}}
		if err := d.ContainerRename(c, "web-1"); err != nil {
			t.Errorf("rename: %v", err)
		}
		if err := d.containerPause(c); err != nil {
			t.Errorf("pause: %v", err)
		}
		if !d.containersReplica.views["c1"].Paused {
			t.Errorf("view not updated")
		}
	})
}
