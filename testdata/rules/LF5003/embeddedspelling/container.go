package embeddedspelling

import "sync"

// State is locked through the container that embeds it: c.Lock(), c.State.Lock() and s.Lock() in State's methods
// are one mutex, c.State.Mutex.
type State struct {
	sync.Mutex
	Running bool
	Pid     int
}

func (s *State) SetRunning(pid int) {
	s.Lock()
	defer s.Unlock()
	s.Running, s.Pid = true, pid
}

type Container struct {
	*State
	ID string
}

func (c *Container) Start(pid int) {
	c.Lock()
	defer c.Unlock()
	c.State.SetRunning(pid) // want `this call reaches a Lock of c.State.Mutex \(through SetRunning\) while Start still holds it locked since line 25`
}

func (c *Container) Restart(pid int) {
	c.State.Lock()
	defer c.State.Unlock()
	c.SetRunning(pid) // want `this call reaches a Lock of c.State.Mutex \(through SetRunning\) while Restart still holds it locked since line 31`
}

// Locked one way, unlocked the other, then the call. Silent.
func (c *Container) StartFixed(pid int) {
	c.State.Lock()
	running := c.Running
	c.Unlock()
	if !running {
		c.SetRunning(pid)
	}
}

// Two containers sharing no State: another mutex. Silent.
func (c *Container) Adopt(other *Container, pid int) {
	c.Lock()
	defer c.Unlock()
	other.SetRunning(pid)
}
