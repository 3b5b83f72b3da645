package neverdonectx

import (
	"context"
)

// Jobs whose context may be done: the goroutine's Done case is a way out, as before. Silent.

type Task struct {
	Name string
	ctx  context.Context
}

func (t *Task) Context() context.Context {
	if t.ctx != nil {
		return t.ctx
	}
	return context.Background()
}

// SetContext changes a task that exists: a task Exec was given may carry any context by then.
func (t *Task) SetContext(ctx context.Context) { t.ctx = ctx }

type Executor struct{ do func(*Task) error }

func (e *Executor) Exec(ctx context.Context, t *Task) error {
	errc := make(chan error)
	go func() {
		err := e.do(t)
		select {
		case errc <- err:
		case <-t.Context().Done():
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *Executor) ExecNamed(ctx context.Context, name string) error {
	return e.Exec(ctx, &Task{Name: name})
}

// A request made with its context in the literal: every caller passes one.
type Call struct {
	Method string
	ctx    context.Context
}

func (c *Call) Context() context.Context {
	if c.ctx != nil {
		return c.ctx
	}
	return context.Background()
}

func invoke(ctx context.Context, c *Call, send func(*Call) error) error {
	errc := make(chan error)
	go func() {
		select {
		case errc <- send(c):
		case <-c.Context().Done():
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func Ping(ctx context.Context, send func(*Call) error) error {
	return invoke(ctx, &Call{Method: "PING", ctx: ctx}, send)
}
