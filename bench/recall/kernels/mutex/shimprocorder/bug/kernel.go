package shimprocorder

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall"
	"time"
)

var errProcessNotFound = errors.New("process does not exist")

// Runtime is the OCI runtime binary (runc) the shim drives.
type Runtime interface {
	Kill(ctx context.Context, id string, sig syscall.Signal) error
	Delete(ctx context.Context, id string) error
}

// Init is the container's init process.
type Init struct {
	mu       sync.Mutex
	id       string
	pid      int
	status   int
	exited   time.Time
	runtime  Runtime
	onExited func(p *Init)
}

func (p *Init) Kill(ctx context.Context, sig syscall.Signal) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.exited.IsZero() {
		return fmt.Errorf("process %s already finished", p.id)
	}
	return p.runtime.Kill(ctx, p.id, sig)
}

// SetExited records the exit status reaped for the process and cleans it up.
func (p *Init) SetExited(status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status = status
	p.exited = time.Now()
	_ = p.runtime.Delete(context.Background(), p.id)
	p.onExited(p)
}

// Service is the shim's task service.
type Service struct {
	mu        sync.Mutex
	processes map[string]*Init
	events    []string
}

func NewService() *Service { return &Service{processes: map[string]*Init{}} }

func (s *Service) Create(id string, pid int, rt Runtime) *Init {
	p := &Init{id: id, pid: pid, runtime: rt, onExited: s.processExited}
	s.mu.Lock()
	s.processes[id] = p
	s.mu.Unlock()
	return p
}

// processExited is called by the process when the reaper reports its exit.
func (s *Service) processExited(p *Init) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, fmt.Sprintf("/tasks/exit %s %d", p.id, p.status))
	delete(s.processes, p.id)
}

// Kill sends a signal to a process.
func (s *Service) Kill(ctx context.Context, id string, sig syscall.Signal) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.processes[id]
	if p == nil {
		return errProcessNotFound
	}
	return p.Kill(ctx, sig)
}
