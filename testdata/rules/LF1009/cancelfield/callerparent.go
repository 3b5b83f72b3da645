package cancelfield

import (
	"context"
	"errors"
	"sync"
	"time"
)

type cpLease interface{ KeepAlive() error }

// Run keeps a lease alive while the task runs, then waits for the heartbeat; the cancel is only deferred, so Run
// returns only when the caller's context ends.
func cpRun(parent context.Context, l cpLease, task func(context.Context) error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		cpHeartbeat(ctx, l)
	}()
	err := task(ctx)
	<-hbDone // want `this waits for the goroutine started at line 18, which ends only when ctx is cancelled, but cancel runs only after the wait \(deferred\).*returns only when the caller's context \(parent\) ends`
	return err
}

func cpHeartbeat(ctx context.Context, l cpLease) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = l.KeepAlive()
		}
	}
}

// A flusher counted by a WaitGroup, waited for after the work and its error check.
func cpProcess(ctx0 context.Context, batches []string, flush func()) error {
	ctx, cancel := context.WithCancel(ctx0)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
				flush()
			}
		}
	}()
	for _, b := range batches {
		if b == "" {
			return errors.New("empty batch")
		}
	}
	wg.Wait() // want `this waits for the goroutine started at line 46, which ends only when ctx is cancelled`
	return nil
}

// Fixed: cancel, then wait. Silent.
func cpRunFixed(parent context.Context, l cpLease, task func(context.Context) error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		cpHeartbeat(ctx, l)
	}()
	err := task(ctx)
	cancel()
	<-hbDone
	return err
}

// The goroutine also ends when its input closes. Silent.
func cpForward(parent context.Context, in <-chan int, out func(int)) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case v, ok := <-in:
				if !ok {
					return
				}
				out(v)
			}
		}
	}()
	cpWork()
	<-done
	return nil
}

// The goroutine also ends on an error. Silent.
func cpPoll(parent context.Context, poll func() error) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
				if err := poll(); err != nil {
					return
				}
			}
		}
	}()
	cpWork()
	<-done
}

// The goroutine also ends on a timer. Silent.
func cpBounded(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Minute):
				return
			}
		}
	}()
	cpWork()
	<-done
}

// The goroutine may return before its loop. Silent.
func cpMaybeOff(parent context.Context, interval time.Duration) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if interval == 0 {
			return
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(interval):
			}
		}
	}()
	cpWork()
	<-done
}

// The wait selects on ctx.Done() and done: not a plain wait. Silent.
func cpSelectWait(parent context.Context, l cpLease) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		cpHeartbeat(ctx, l)
	}()
	cpWork()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// The function waits for the parent's end first: by then ctx is done. Silent.
func cpUntilParent(parent context.Context, l cpLease) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		cpHeartbeat(ctx, l)
	}()
	cpWork()
	<-parent.Done()
	<-done
}

// The task is handed the cancel. Silent.
func cpHanded(parent context.Context, l cpLease, task func(context.CancelFunc)) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		cpHeartbeat(ctx, l)
	}()
	task(cancel)
	<-done
}

// A cancel on the error path only, before the wait. Silent.
func cpCancelOnError(parent context.Context, l cpLease, task func() error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		cpHeartbeat(ctx, l)
	}()
	if err := task(); err != nil {
		cancel()
		<-done
		return err
	}
	<-done
	return nil
}

// A context replaced by a deadline before the start: it ends by itself. Silent.
func cpDeadline(parent context.Context, l cpLease) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, time.Second)
	done := make(chan struct{})
	go func() {
		defer close(done)
		cpHeartbeat(ctx, l)
	}()
	cpWork()
	<-done
}

func cpWork() {}
