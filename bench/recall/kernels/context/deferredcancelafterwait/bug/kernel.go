package deferredcancelafterwait

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// Lease is renewed by a heartbeat for as long as a task holding it runs.
type Lease interface {
	KeepAlive() error
}

// TaskRunner runs a task while a heartbeat keeps its lease alive.
type TaskRunner struct {
	lease    Lease
	interval time.Duration
	beats    int64
	lost     int64
}

func NewTaskRunner(l Lease, interval time.Duration) *TaskRunner {
	return &TaskRunner{lease: l, interval: interval}
}

// Run runs task with a heartbeat and returns the task's error once the heartbeat has finished.
func (r *TaskRunner) Run(parent context.Context, task func(context.Context) error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()

	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		r.heartbeat(ctx)
	}()

	err := task(ctx)
	<-hbDone // never leave a heartbeat behind
	return err
}

func (r *TaskRunner) heartbeat(ctx context.Context) {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := r.lease.KeepAlive(); err != nil {
				atomic.AddInt64(&r.lost, 1)
				continue
			}
			atomic.AddInt64(&r.beats, 1)
		}
	}
}

var errExpired = errors.New("lease expired")
