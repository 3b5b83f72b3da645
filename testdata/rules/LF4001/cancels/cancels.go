package cancels

import (
	"context"
	"errors"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }

func notCalledOnEarlyReturn(ctx context.Context, skip bool) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `the cancel function from context.WithTimeout in cancel is not released on every path: the return at line 14`
	if skip {
		return nil
	}
	defer cancel()
	return work(ctx)
}

func discarded(ctx context.Context) error {
	ctx, _ = context.WithCancel(ctx) // want `cancel function returned by context.WithCancel is discarded`
	return work(ctx)
}

func neverCalled(ctx context.Context) {
	ctx2, cancel := context.WithDeadline(ctx, time.Now()) // want `WithDeadline in cancel`
	_ = work(ctx2)
	_ = cancel
}

func deferred(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	return work(ctx)
}

func calledOnEveryPath(ctx context.Context, skip bool) error {
	ctx, cancel := context.WithCancelCause(ctx)
	if skip {
		cancel(errors.New("skipped"))
		return nil
	}
	err := work(ctx)
	cancel(err)
	return err
}

func returnedToCaller(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	return ctx, cancel
}

type job struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func storedInStruct(ctx context.Context) *job {
	ctx, cancel := context.WithCancel(ctx)
	return &job{ctx: ctx, cancel: cancel}
}

func calledInGoroutine(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		defer cancel()
		_ = work(ctx)
	}()
}

func handedToAfterFunc(ctx context.Context, parent context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	context.AfterFunc(parent, cancel)
	_ = work(ctx)
}

func endlessServerLoop(ctx context.Context, reqs <-chan int) {
	ctx, cancel := context.WithCancel(ctx)
	for r := range reqs {
		_ = r
		if ctx.Err() != nil {
			cancel()
			return
		}
	}
	cancel()
}

// WithCancel of a root context registers nothing and starts no timer: a cancel overwritten or never called
// leaks nothing (etcdctl's snapshot command). Silent.
func rootCancelOverwritten(timeout bool) error {
	ctx, cancel := context.WithCancel(context.Background())
	if timeout {
		ctx, cancel = context.WithTimeout(context.Background(), time.Second)
	}
	defer cancel()
	return work(ctx)
}

func rootCancelNeverCalled() error {
	ctx, _ := context.WithCancel(context.TODO())
	return work(ctx)
}

// A root context's WithTimeout still runs a timer until the deadline: reported.
func rootTimeoutNeverCalled(skip bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // want `the context and its timer stay registered`
	if skip {
		return nil
	}
	defer cancel()
	return work(ctx)
}

// A WithCancel of a real parent: its message speaks of registration, not of a timer.
func childCancelLost(ctx context.Context, skip bool) error {
	ctx, cancel := context.WithCancel(ctx) // want `the return at line 119 is reached without cancel\(\); the context stays registered with its parent context`
	if skip {
		return nil
	}
	defer cancel()
	return work(ctx)
}

// A stop-timer helper that only sometimes starts a timer (net/http's setRequestCancel returns a no-op when
// there is no deadline): callers cannot know which they got, so its result is no cancel they must call.
func startTimer(ctx context.Context, deadline time.Time) (context.Context, func()) {
	if deadline.IsZero() {
		return ctx, func() {}
	}
	return context.WithDeadline(ctx, deadline)
}

func sometimesTimed(ctx context.Context, deadline time.Time, skip bool) error {
	ctx, stop := startTimer(ctx, deadline)
	if skip {
		return nil
	}
	defer stop()
	return work(ctx)
}

// A helper that always returns a fresh cancel is an acquirer: its callers must call it.
func alwaysTimed(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, time.Second)
}

func callerOfAlwaysTimed(ctx context.Context, skip bool) error {
	ctx, cancel := alwaysTimed(ctx) // want `the cancel function from cancels.alwaysTimed in cancel is not released on every path`
	if skip {
		return nil
	}
	defer cancel()
	return work(ctx)
}
