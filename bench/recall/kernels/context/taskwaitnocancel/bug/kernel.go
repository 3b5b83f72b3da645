package taskwaitnocancel

import (
	"context"
	"fmt"
	"sync"
	"time"
)

const UnknownExitStatus = 255

type ExitStatus struct {
	code     uint32
	exitedAt time.Time
	err      error
}

// TasksService is the containerd task API (a gRPC client to the shim in production).
type TasksService interface {
	Start(ctx context.Context, id string) error
	// Wait blocks until the task exits or ctx is done.
	Wait(ctx context.Context, id string) (uint32, error)
	Delete(ctx context.Context, id string) error
}

type task struct {
	id    string
	tasks TasksService
}

// Wait returns a channel that receives the task's exit status once it exits.
func (t *task) Wait(ctx context.Context) (<-chan ExitStatus, error) {
	c := make(chan ExitStatus, 1)
	go func() {
		defer close(c)
		code, err := t.tasks.Wait(ctx, t.id)
		if err != nil {
			c <- ExitStatus{code: UnknownExitStatus, err: err}
			return
		}
		c <- ExitStatus{code: code, exitedAt: time.Now()}
	}()
	return c, nil
}

type criService struct {
	mu       sync.Mutex
	monitors map[string]<-chan ExitStatus
}

// StartContainer starts the container's task and hands its exit channel to the event monitor.
func (c *criService) StartContainer(ctx context.Context, t *task) (retErr error) {
	// Wait must be called before Start so the exit event is not missed.
	waitCtx, cancel := context.WithCancel(context.Background())
	exitCh, err := t.Wait(waitCtx)
	if err != nil {
		cancel()
		return fmt.Errorf("failed to wait for containerd task: %w", err)
	}
	defer func() {
		if retErr != nil {
			if err := t.tasks.Delete(ctx, t.id); err != nil {
				retErr = fmt.Errorf("%w (cleanup: %v)", retErr, err)
			}
		}
	}()

	if err := t.tasks.Start(ctx, t.id); err != nil {
		return fmt.Errorf("failed to start containerd task %q: %w", t.id, err)
	}

	c.mu.Lock()
	c.monitors[t.id] = exitCh
	c.mu.Unlock()
	return nil
}
