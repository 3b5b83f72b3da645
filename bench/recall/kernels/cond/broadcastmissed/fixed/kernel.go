package broadcastmissed

import (
	"sync"
	"time"
)

type State struct {
	mu        sync.Mutex
	cond      *sync.Cond
	running   bool
	exitCode  int
	err       string
	startedAt time.Time
}

func NewState() *State {
	s := &State{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *State) SetStarting() {
	s.mu.Lock()
	s.running = true
	s.startedAt = time.Now()
	s.mu.Unlock()
}

func (s *State) SetStopped(code int) {
	s.mu.Lock()
	s.running = false
	s.exitCode = code
	s.cond.Broadcast()
	s.mu.Unlock()
}

// SetStartFailed records an OCI runtime error during start.
func (s *State) SetStartFailed(err string) {
	s.mu.Lock()
	s.running = false
	s.exitCode = 128
	s.err = err
	s.cond.Broadcast()
	s.mu.Unlock()
}

// WaitStop blocks until the container is no longer running and returns its exit code.
func (s *State) WaitStop() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.running {
		s.cond.Wait()
	}
	return s.exitCode
}
