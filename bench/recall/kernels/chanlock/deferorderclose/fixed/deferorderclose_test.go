package deferorderclose

import (
	"errors"
	"io"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var ErrProcessExited = errors.New("process already exited")

// Handle is the OS side of a started process.
type Handle interface {
	Signal(sig syscall.Signal) error
	Wait() (exitCode int)
}

type Process struct {
	id     string
	handle Handle

	mu       sync.Mutex
	stdio    []io.Closer
	exited   bool
	exitCode int
	done     chan struct{}
}

func Start(id string, h Handle, stdio ...io.Closer) *Process {
	p := &Process{id: id, handle: h, stdio: stdio, done: make(chan struct{})}
	go p.wait()
	return p
}

func (p *Process) wait() {
	// Deferred calls run last-first: done must be closed before releaseIO waits for the lock,
	// because Kill holds that lock while it waits for done.
	defer p.releaseIO()
	defer close(p.done)
	code := p.handle.Wait()
	p.exitCode = code // published by closing done
}

func (p *Process) releaseIO() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.stdio {
		c.Close()
	}
	p.stdio = nil
	p.exited = true
}

// Kill signals the process and waits for it to be reaped, so callers see the final state.
func (p *Process) Kill() (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.exited {
		return p.exitCode, ErrProcessExited
	}
	if err := p.handle.Signal(syscall.SIGKILL); err != nil {
		return 0, err
	}
	<-p.done
	return p.exitCode, nil
}

// fakeHandle exits when signalled.
type fakeHandle struct {
	sig chan syscall.Signal
}

func (h *fakeHandle) Signal(s syscall.Signal) error {
	select {
	case h.sig <- s:
		return nil
	default:
		return errors.New("already signalled")
	}
}

func (h *fakeHandle) Wait() int { return 128 + int(<-h.sig) }

type pipe struct{ io.Reader }

func (pipe) Close() error { return nil }

func TestKillReapsProcess(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := Start("exec-1", &fakeHandle{sig: make(chan syscall.Signal, 1)}, pipe{strings.NewReader("")})
		code, err := p.Kill()
		if err != nil || code != 137 {
			t.Errorf("kill = %d, %v", code, err)
		}
	})
}
