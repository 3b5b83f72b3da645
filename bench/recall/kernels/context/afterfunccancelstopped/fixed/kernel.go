package afterfunccancelstopped

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var ErrJobTimedOut = errors.New("job timed out")

type Job interface {
	ID() string
	Run(ctx context.Context) error
}

// Registry records liveness of running jobs so other nodes do not adopt them.
type Registry struct {
	mu        sync.Mutex
	heartbeat map[string]time.Time
	finished  map[string]error
}

func NewRegistry() *Registry {
	return &Registry{heartbeat: map[string]time.Time{}, finished: map[string]error{}}
}

func (r *Registry) beat(id string) {
	r.mu.Lock()
	r.heartbeat[id] = time.Now()
	r.mu.Unlock()
}

func (r *Registry) finish(id string, err error) {
	r.mu.Lock()
	delete(r.heartbeat, id)
	r.finished[id] = err
	r.mu.Unlock()
}

type Runner struct {
	reg      *Registry
	interval time.Duration
	base     context.Context
}

func NewRunner(reg *Registry, interval time.Duration) *Runner {
	return &Runner{reg: reg, interval: interval, base: context.Background()}
}

// heartbeat marks the job alive until ctx ends.
func (r *Runner) heartbeat(ctx context.Context, id string) {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		r.reg.beat(id)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunWithDeadline runs job and cancels it once deadline has passed.
func (r *Runner) RunWithDeadline(job Job, deadline time.Duration) error {
	ctx, cancel := context.WithCancel(r.base)
	t := time.AfterFunc(deadline, cancel)
	defer t.Stop()
	defer cancel() // the timer cancels only on a timeout: a finished job must end the heartbeat too

	go r.heartbeat(ctx, job.ID())
	err := job.Run(ctx)
	if ctx.Err() != nil {
		err = fmt.Errorf("%s: %w", job.ID(), ErrJobTimedOut)
	}
	r.reg.finish(job.ID(), err)
	return err
}

type backupJob struct {
	id   string
	work time.Duration
}

func (j backupJob) ID() string { return j.id }

func (j backupJob) Run(ctx context.Context) error {
	select {
	case <-time.After(j.work):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
