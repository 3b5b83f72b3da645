package stopctxdoneoverride

import (
	"context"
	"errors"
	"sync"
	"time"
)

// stopCtx lets code written against stop channels hand a context to code that wants one: values and
// deadlines come from the embedded context, cancellation from the stop channel.
type stopCtx struct {
	context.Context
	stopCh <-chan struct{}
}

func (c stopCtx) Done() <-chan struct{} { return c.stopCh }

func (c stopCtx) Err() error {
	select {
	case <-c.stopCh:
		return context.Canceled
	default:
		return nil
	}
}

type Reconciler interface {
	Reconcile(ctx context.Context, key string) error
}

// Controller drains its work queue into the reconciler until it is shut down.
type Controller struct {
	name   string
	r      Reconciler
	queue  chan string
	stopCh chan struct{}
	cancel context.CancelFunc
	ctx    context.Context
	done   chan struct{}

	mu      sync.Mutex
	retries map[string]int
}

func NewController(parent context.Context, name string, r Reconciler) *Controller {
	c := &Controller{name: name, r: r, queue: make(chan string, 16), stopCh: make(chan struct{}),
		done: make(chan struct{}), retries: map[string]int{}}
	ctx, cancel := context.WithCancel(parent)
	c.cancel = cancel
	c.ctx = stopCtx{Context: ctx, stopCh: c.stopCh}
	go c.run()
	return c
}

func (c *Controller) Enqueue(key string) { c.queue <- key }

func (c *Controller) run() {
	defer close(c.done)
	for {
		select {
		case <-c.ctx.Done():
			return
		case key := <-c.queue:
			if err := c.r.Reconcile(c.ctx, key); err != nil {
				c.mu.Lock()
				c.retries[key]++
				c.mu.Unlock()
			}
		}
	}
}

// Shutdown cancels the controller's context and waits for its loop to return.
func (c *Controller) Shutdown() {
	c.cancel()
	<-c.done
}

type revisionReconciler struct{ seen []string }

func (r *revisionReconciler) Reconcile(ctx context.Context, key string) error {
	if key == "" {
		return errors.New("empty key")
	}
	r.seen = append(r.seen, key)
	time.Sleep(time.Millisecond)
	return ctx.Err()
}
