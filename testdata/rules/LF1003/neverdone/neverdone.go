package neverdone

import (
	"context"
	"time"
)

// A sender's select on a context that is never done waits on its send alone.
type Indexer struct {
	docs chan string
	stop chan struct{}
	ctx  context.Context
}

func NewIndexer() *Indexer {
	ix := &Indexer{docs: make(chan string), stop: make(chan struct{}), ctx: context.Background()}
	go ix.run()
	return ix
}

func (ix *Indexer) run() {
	for {
		select {
		case d := <-ix.docs:
			_ = d
		case <-ix.stop:
			return
		}
	}
}

func (ix *Indexer) Stop() { close(ix.stop) }

// The ctx.Done() case is Background's, never taken: once Stop ended the loop this send blocks for ever.
func (ix *Indexer) Add(d string) {
	select {
	case ix.docs <- d: // want `Add sends on ix.docs \(its select's other case waits on ix.ctx.Done\(\), which is never done: it is context.Background\(\) at line 16\), which only the goroutine running run receives from, and ix.docs is unbuffered: run can return \(line 27 when it receives from Indexer.stop\)`
	case <-ix.ctx.Done():
	}
}

// Fixed: the select also waits on the stop channel. Silent.
func (ix *Indexer) AddOrStop(d string) {
	select {
	case ix.docs <- d:
	case <-ix.stop:
	case <-ix.ctx.Done():
	}
}

// A loop that can only leave on a never-done context cannot end: the sends on its channel do not block after
// an exit that never comes (LF1006 reports the loop). Silent here.
type Cache struct {
	sets chan string
	keys map[string]bool
}

func NewCache() *Cache {
	c := &Cache{sets: make(chan string), keys: map[string]bool{}}
	go c.loop(context.TODO())
	return c
}

func (c *Cache) loop(ctx context.Context) {
	for {
		select {
		case k := <-c.sets:
			c.keys[k] = true
		case <-ctx.Done():
			return
		}
	}
}

func (c *Cache) Set(k string) { c.sets <- k }

// The caller's context may be done: a way out. Silent.
func (ix *Indexer) AddContext(ctx context.Context, d string) {
	select {
	case ix.docs <- d:
	case <-ctx.Done():
	}
}

// A controller whose context is derived with a cancel that nothing ever calls: its Done case waits on the
// parent alone, so once Shutdown stopped the workers, enqueue blocks until the caller's context ends.
type controller struct {
	ctx    context.Context
	cancel context.CancelFunc
	stopCh chan struct{}
	queue  chan string
}

func newController(ctx context.Context) *controller {
	c := &controller{stopCh: make(chan struct{}), queue: make(chan string)}
	c.ctx, c.cancel = context.WithCancel(ctx)
	go c.worker()
	return c
}

func (c *controller) worker() {
	for {
		select {
		case <-c.stopCh:
			return
		case k := <-c.queue:
			_ = k
		}
	}
}

func (c *controller) Shutdown() { close(c.stopCh) }

func (c *controller) enqueue(k string) {
	select {
	case c.queue <- k: // want `enqueue sends on c.queue \(its select's other case waits on c.ctx.Done\(\), which is never done: it is a context derived with context.WithCancel at line \d+ whose cancel \(controller.cancel\) is never called, so it ends only if its parent does\)`
	case <-c.ctx.Done():
	}
}

// The fix: Shutdown cancels the context too. Silent.
type fixedController struct {
	ctx    context.Context
	cancel context.CancelFunc
	stopCh chan struct{}
	queue  chan string
}

func newFixedController(ctx context.Context) *fixedController {
	c := &fixedController{stopCh: make(chan struct{}), queue: make(chan string)}
	c.ctx, c.cancel = context.WithCancel(ctx)
	go c.worker()
	return c
}

func (c *fixedController) worker() {
	for {
		select {
		case <-c.stopCh:
			return
		case k := <-c.queue:
			_ = k
		}
	}
}

func (c *fixedController) Shutdown() {
	c.cancel()
	close(c.stopCh)
}

func (c *fixedController) enqueue(k string) {
	select {
	case c.queue <- k:
	case <-c.ctx.Done():
	}
}

// A deadline ends the context by itself, whether or not its cancel is ever called. Silent.
type deadlineController struct {
	ctx    context.Context
	cancel context.CancelFunc
	stopCh chan struct{}
	queue  chan string
}

func newDeadlineController(ctx context.Context) *deadlineController {
	c := &deadlineController{stopCh: make(chan struct{}), queue: make(chan string)}
	c.ctx, c.cancel = context.WithTimeout(ctx, time.Minute)
	go c.worker()
	return c
}

func (c *deadlineController) worker() {
	for {
		select {
		case <-c.stopCh:
			return
		case k := <-c.queue:
			_ = k
		}
	}
}

func (c *deadlineController) Shutdown() { close(c.stopCh) }

func (c *deadlineController) enqueue(k string) {
	select {
	case c.queue <- k:
	case <-c.ctx.Done():
	}
}
