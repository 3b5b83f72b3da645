package fixes

import (
	"context"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }

// Fixed: `defer cancel()` on the line after the call (it cannot fail), even beside a later call of cancel:
// a CancelFunc does nothing after its first call.

func earlyReturn(ctx context.Context, skip bool) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `the cancel function from context.WithTimeout in cancel is not released on every path`
	if skip {
		return nil
	}
	err := work(ctx)
	cancel()
	return err
}

func nested(ctx context.Context, ok bool) {
	if ok {
		inner, cancel := context.WithDeadline(ctx, time.Now().Add(time.Second)) // want `WithDeadline in cancel`
		_ = work(inner)
	}
}

// Reported, but no fix.

// Returned on one path: the caller cancels it then.
func maybeHandOn(ctx context.Context, keep bool) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `the cancel function from context.WithTimeout in cancel is not released on every path`
	if keep {
		return ctx, cancel
	}
	return ctx, nil
}

// In a loop: a deferred cancel would keep every iteration's timer until the function returns.
func perItem(ctx context.Context, items []int) {
	for range items {
		c, cancel := context.WithTimeout(ctx, time.Second) // want `WithTimeout in cancel`
		if work(c) != nil {
			return
		}
		cancel()
	}
}

type job struct{ ctx context.Context }

// The context outlives the function (stored, or used by a goroutine): cancelling it at the return would end it.
func (j *job) start(ctx context.Context, fail bool) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute) // want `WithTimeout in cancel`
	if fail {
		return nil
	}
	j.ctx = ctx
	_ = cancel
	return nil
}

func background(ctx context.Context, fail bool) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute) // want `WithTimeout in cancel`
	go func() { _ = work(ctx) }()
	if fail {
		return nil
	}
	cancel()
	return nil
}
