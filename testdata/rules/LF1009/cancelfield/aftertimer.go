package cancelfield

import (
	"context"
	"time"
)

type atJob struct{ beats int }

func (j *atJob) heartbeat(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			j.beats++
		}
	}
}

func (j *atJob) run(ctx context.Context) error { return nil }

// The deadline timer holds the only cancel, and it is stopped when the job ends first.
func (j *atJob) RunWithDeadline(d time.Duration) error {
	ctx, cancel := context.WithCancel(context.Background()) // want `the cancel of this context is handed only to a timer \(time.AfterFunc\) that is stopped at line 29 without looking at Stop's result`
	t := time.AfterFunc(d, cancel)
	defer t.Stop()
	go j.heartbeat(ctx)
	return j.run(ctx)
}

// Fixed: the cancel is deferred as well. Silent.
func (j *atJob) RunWithDeadlineFixed(d time.Duration) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t := time.AfterFunc(d, cancel)
	defer t.Stop()
	go j.heartbeat(ctx)
	return j.run(ctx)
}

// Stop's result is used: the cancel runs when Stop stopped the timer. Silent.
func (j *atJob) RunChecked(d time.Duration) error {
	ctx, cancel := context.WithCancel(context.Background())
	t := time.AfterFunc(d, cancel)
	go j.heartbeat(ctx)
	err := j.run(ctx)
	if t.Stop() {
		cancel()
	}
	return err
}

// The timer is never stopped: the cancel runs at the deadline. Silent.
func (j *atJob) RunUntilDeadline(d time.Duration) error {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(d, cancel)
	go j.heartbeat(ctx)
	return j.run(ctx)
}
