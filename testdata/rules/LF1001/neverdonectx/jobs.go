package neverdonectx

import (
	"context"
	"errors"
	"time"
)

// A job carries its own context; Ctx falls back to context.TODO() for a job made without one.
type Job struct {
	Name string
	ctx  context.Context
}

func NewJob(name string) *Job { return &Job{Name: name} }

func (j *Job) Ctx() context.Context {
	if j.ctx != nil {
		return j.ctx
	}
	return context.TODO()
}

// WithContext returns a copy carrying ctx: no job that exists changes.
func (j *Job) WithContext(ctx context.Context) *Job {
	j2 := *j
	j2.ctx = ctx
	return &j2
}

type Runner struct{ work func(*Job) error }

// Run leaves on ctx.Done, but never attached ctx to the job: the goroutine's other case waits on job.Ctx().Done(),
// which is TODO's for the job Submit makes, so the send blocks for ever once Run has left.
func (r *Runner) Run(ctx context.Context, job *Job) error {
	errc := make(chan error)
	go func() {
		err := r.work(job)
		select {
		case errc <- err: // want `this goroutine blocks for ever sending on errc \(its select's other case waits on job.Ctx\(\).Done\(\), which is never done: it is context.TODO\(\) at line 21 when Submit calls Run at line 53\): Run can return at line 48`
		case <-job.Ctx().Done():
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *Runner) Submit(ctx context.Context, name string) error {
	return r.Run(ctx, NewJob(name))
}

// A goroutine waiting on a local made from Background: the same plain send.
func probe(ctx context.Context, check func() bool) bool {
	okc := make(chan bool)
	bg := context.Background()
	go func() {
		select {
		case okc <- check(): // want `this goroutine blocks for ever sending on okc \(its select's other case waits on bg.Done\(\), which is never done: it is context.Background\(\) at line 59\)`
		case <-bg.Done():
		}
	}()
	select {
	case ok := <-okc:
		return ok
	case <-time.After(time.Second):
		return false
	}
}

// Fixed: the job carries Run's own ctx, so the goroutine leaves when Run does. Silent.
func (r *Runner) RunAttached(ctx context.Context, job *Job) error {
	job = job.WithContext(ctx)
	errc := make(chan error)
	go func() {
		err := r.work(job)
		select {
		case errc <- err:
		case <-job.Ctx().Done():
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *Runner) SubmitAttached(ctx context.Context, name string) error {
	return r.RunAttached(ctx, NewJob(name))
}

var errNoWork = errors.New("no work")
