package filterorderinversion

import (
	"log"
	"sync"
	"time"
)

// Container is one container's state, guarded by its embedded lock.
type Container struct {
	sync.Mutex
	ID           string
	Name         string
	State        string
	ExitCode     int
	FinishedAt   time.Time
	RestartCount int
	AutoRemove   bool
}

// StoreFilter decides whether List returns a container.
type StoreFilter func(*Container) bool

// memoryStore is the daemon's index of containers.
type memoryStore struct {
	mu sync.RWMutex
	s  map[string]*Container
}

func newMemoryStore() *memoryStore { return &memoryStore{s: make(map[string]*Container)} }

func (m *memoryStore) Add(c *Container) {
	m.mu.Lock()
	m.s[c.ID] = c
	m.mu.Unlock()
}

func (m *memoryStore) Delete(id string) {
	m.mu.Lock()
	delete(m.s, id)
	m.mu.Unlock()
}

// List returns the containers the filter accepts; the filter runs with the store read-locked.
func (m *memoryStore) List(filter StoreFilter) []*Container {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*Container
	for _, c := range m.s {
		if filter(c) {
			out = append(out, c)
		}
	}
	return out
}

type Daemon struct {
	containers *memoryStore
	logf       func(format string, args ...interface{})
	// exitHook runs while handleExit updates the container (a testing hook).
	exitHook func()
}

func NewDaemon() *Daemon { return &Daemon{containers: newMemoryStore(), logf: log.Printf} }

func isRunning(c *Container) bool {
	c.Lock()
	defer c.Unlock()
	return c.State == "running"
}

// Running lists the running containers, for `ps`.
func (d *Daemon) Running() []*Container {
	return d.containers.List(isRunning)
}

// handleExit records a container's exit, reported by the runtime's event stream.
// The container's lock is released before the store is touched: List locks the store, then containers.
func (d *Daemon) handleExit(c *Container, code int) {
	c.Lock()
	c.State = "exited"
	c.ExitCode = code
	c.FinishedAt = time.Now()
	if d.exitHook != nil {
		d.exitHook()
	}
	autoRemove := c.AutoRemove
	c.Unlock()
	if autoRemove {
		d.logf("container %s exited with %d, removing", c.ID, code)
		d.containers.Delete(c.ID)
	}
}
