package interfacerunner

import (
	"context"
	"sync"
	"time"
)

// Executor runs a function; the package has one implementation that runs it in place and one that queues it.
type Executor interface {
	Execute(ctx context.Context, fn func() error) error
}

type inlineExecutor struct{}

func (inlineExecutor) Execute(ctx context.Context, fn func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn()
}

type queueExecutor struct {
	work chan func() error
}

func (q *queueExecutor) Execute(ctx context.Context, fn func() error) error {
	select {
	case q.work <- fn:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type compactor struct {
	mu   sync.Mutex
	exec Executor
	runs int
}

func (c *compactor) record() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.runs++
	return nil
}

// Either executor may run it: the queueing one runs it later, elsewhere, so this is no certain re-lock. Silent.
func (c *compactor) Compact(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.exec.Execute(ctx, c.record)
}

// Retrier's only implementation in the package calls fn in a loop, in place.
type Retrier interface {
	Retry(attempts int, fn func() error) error
}

type backoff struct{ base time.Duration }

func (b *backoff) Retry(attempts int, fn func() error) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = fn(); err == nil {
			return nil
		}
		time.Sleep(b.base << i)
	}
	return err
}

type uploader struct {
	mu      sync.Mutex
	retrier Retrier
	sent    int
}

func (u *uploader) markSent() error {
	u.mu.Lock()
	u.sent++
	u.mu.Unlock()
	return nil
}

func (u *uploader) Flush() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.retrier.Retry(3, func() error { return u.markSent() }) // want `this call reaches a Lock of u.mu \(through markSent\) while Flush still holds it locked since line 88`
}

// The fix: retry outside the lock. Silent.
func (u *uploader) FlushFixed() error {
	u.mu.Lock()
	n := u.sent
	u.mu.Unlock()
	_ = n
	return u.retrier.Retry(3, func() error { return u.markSent() })
}

// An interface with no implementation in the package: what runs is unknown. Silent.
type Scheduler interface {
	Schedule(fn func())
}

type ticker struct {
	mu    sync.Mutex
	sched Scheduler
	ticks int
}

func (t *ticker) tick() {
	t.mu.Lock()
	t.ticks++
	t.mu.Unlock()
}

func (t *ticker) Start() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sched.Schedule(t.tick)
}

// A runner that keeps the function for later. Silent.
type Deferrer interface {
	Later(fn func())
}

type pending struct {
	mu  sync.Mutex
	fns []func()
}

func (p *pending) Later(fn func()) {
	p.mu.Lock()
	p.fns = append(p.fns, fn)
	p.mu.Unlock()
}

type closer struct {
	mu     sync.Mutex
	defers Deferrer
	closed bool
}

func (c *closer) markClosed() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}

func (c *closer) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.defers.Later(func() { c.markClosed() })
}
