package killwaitsexit

import (
	"errors"
	"sync"
	"syscall"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Shim struct {
	mu         sync.Mutex
	pid        int
	exitStatus int
	exitedAt   time.Time
	sigCh      chan syscall.Signal
	exited     chan struct{}
}

func NewShim(pid int) *Shim {
	s := &Shim{pid: pid, sigCh: make(chan syscall.Signal, 1), exited: make(chan struct{})}
	go s.reap()
	return s
}

// reap stands for the process: it dies on the first signal and the shim records how.
func (s *Shim) reap() {
	sig := <-s.sigCh
	s.mu.Lock()
	s.exitStatus = 128 + int(sig)
	s.exitedAt = time.Now()
	s.mu.Unlock()
	close(s.exited)
}

var errNotRunning = errors.New("process not running")

// Kill signals the process and waits until it has been reaped.
func (s *Shim) Kill(sig syscall.Signal) (int, error) {
	s.mu.Lock()
	if s.pid == 0 {
		s.mu.Unlock()
		return 0, errNotRunning
	}
	s.mu.Unlock()
	s.sigCh <- sig
	<-s.exited
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.exitStatus, nil
}

func TestKillReturnsExitStatus(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewShim(4242)
		code, err := s.Kill(syscall.SIGKILL)
		if err != nil || code != 137 {
			t.Errorf("code = %d, err = %v", code, err)
		}
	})
}
