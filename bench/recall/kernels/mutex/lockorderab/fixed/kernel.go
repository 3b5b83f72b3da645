package lockorderab

import "sync"

type Container struct {
	mu      sync.Mutex
	ID      string
	Name    string
	Running bool
}

type Daemon struct {
	mu      sync.Mutex
	names   map[string]string // name -> id
	running int

	// testHookFirstLock runs after each path takes its first lock (tests use it to force an interleaving).
	testHookFirstLock func()
}

func NewDaemon() *Daemon { return &Daemon{names: map[string]string{}} }

func (d *Daemon) hook() {
	if d.testHookFirstLock != nil {
		d.testHookFirstLock()
	}
}

// Rename reserves the new name in the daemon's index and then renames the container.
func (d *Daemon) Rename(c *Container, name string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.hook()
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(d.names, c.Name)
	d.names[name] = c.ID
	c.Name = name
}

// SetRunning records the container's new state and tells the daemon.
func (c *Container) SetRunning(d *Daemon, running bool) {
	c.mu.Lock()
	d.hook()
	c.Running = running
	c.mu.Unlock()
	d.stateChanged(running)
}

func (d *Daemon) stateChanged(running bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if running {
		d.running++
	} else {
		d.running--
	}
}
