package stopchvsctx

import (
	"context"
	"fmt"
	"log"
	"sync"
)

type EventType int

const (
	Added EventType = iota
	Updated
	Deleted
)

type Event struct {
	Type      EventType
	Namespace string
	Name      string
}

func (e Event) Key() string { return e.Namespace + "/" + e.Name }

// Controller reconciles objects whose events an informer delivers.
type Controller struct {
	ctx       context.Context
	cancel    context.CancelFunc
	stopCh    chan struct{}
	queue     chan string
	reconcile func(key string) error
	wg        sync.WaitGroup
	logf      func(format string, args ...interface{})
}

func NewController(ctx context.Context, reconcile func(string) error) *Controller {
	c := &Controller{stopCh: make(chan struct{}), queue: make(chan string), reconcile: reconcile, logf: log.Printf}
	c.ctx, c.cancel = context.WithCancel(ctx)
	return c
}

// Run starts the workers and the handler that turns informer events into queue keys.
func (c *Controller) Run(workers int, events <-chan Event) {
	for i := 0; i < workers; i++ {
		c.wg.Add(1)
		go c.worker(i)
	}
	go c.handleEvents(events)
}

func (c *Controller) handleEvents(events <-chan Event) {
	for ev := range events {
		c.enqueue(ev.Key())
	}
}

func (c *Controller) enqueue(key string) {
	select {
	case c.queue <- key:
	case <-c.ctx.Done():
		c.logf("controller stopping, dropping %s", key)
	}
}

func (c *Controller) worker(id int) {
	defer c.wg.Done()
	for {
		select {
		case <-c.stopCh:
			return
		case key := <-c.queue:
			if err := c.reconcile(key); err != nil {
				c.logf("worker %d: %v", id, fmt.Errorf("reconcile %s: %w", key, err))
			}
		}
	}
}

// Shutdown stops the workers and waits for them.
func (c *Controller) Shutdown() {
	close(c.stopCh)
	c.wg.Wait()
}
