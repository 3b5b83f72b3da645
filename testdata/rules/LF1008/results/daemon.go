package results

import (
	"context"
	"errors"
	"time"
)

type exitStatus struct {
	code     int
	exitedAt time.Time
}

type runtime interface {
	run(id string) int
}

type daemon struct {
	rt runtime
}

// start runs the container and reports its exit on the returned channel.
func (d *daemon) start(id string) <-chan exitStatus {
	ch := make(chan exitStatus)
	go func() {
		code := d.rt.run(id)
		ch <- exitStatus{code: code, exitedAt: time.Now()}
	}()
	return ch
}

func (d *daemon) restart(ids []string) {
	for _, id := range ids {
		d.start(id) // want `the channel start returns is dropped here, and the goroutine start started to send its result on it \(line 27\) blocks for ever`
	}
}

func (d *daemon) restartBlank(id string) {
	_ = d.start(id) // want `the channel start returns is dropped here`
}

func (d *daemon) restartInBackground(id string) {
	go d.start(id) // want `the channel start returns is dropped here`
}

// Callers that receive: silent.
func (d *daemon) runAndWait(id string) int {
	st := <-d.start(id)
	return st.code
}

func (d *daemon) runWithTimeout(id string) (int, error) {
	ch := d.start(id)
	select {
	case st := <-ch:
		return st.code, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

// A result with two values: the error dropped, the channel kept.
func (d *daemon) open(id string) (<-chan exitStatus, error) {
	if id == "" {
		return nil, errors.New("no id")
	}
	ch := make(chan exitStatus)
	go func() {
		ch <- exitStatus{code: d.rt.run(id)}
	}()
	return ch, nil
}

func (d *daemon) openAll(ids []string) {
	for _, id := range ids {
		ch, _ := d.open(id)
		<-ch
	}
}

// The fix: a buffered channel lets the goroutine finish with nobody receiving.
func (d *daemon) startBuffered(id string) <-chan exitStatus {
	ch := make(chan exitStatus, 1)
	go func() {
		ch <- exitStatus{code: d.rt.run(id)}
	}()
	return ch
}

func (d *daemon) restartBuffered(ids []string) {
	for _, id := range ids {
		d.startBuffered(id)
	}
}

// A send that gives up with the context: not a producer that blocks for ever.
func (d *daemon) startCtx(ctx context.Context, id string) <-chan exitStatus {
	ch := make(chan exitStatus)
	go func() {
		select {
		case ch <- exitStatus{code: d.rt.run(id)}:
		case <-ctx.Done():
		}
	}()
	return ch
}

func (d *daemon) restartCtx(ctx context.Context, id string) {
	d.startCtx(ctx, id)
}

// A channel the goroutine closes (a done signal) is not a result it waits to hand over.
func (d *daemon) watch(id string) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		d.rt.run(id)
		close(done)
	}()
	return done
}

func (d *daemon) watchAll(ids []string) {
	for _, id := range ids {
		d.watch(id)
	}
}
