package stoptwice

import "context"

// Watcher delivers changes until stopped.
type Watcher struct {
	stop    chan struct{}
	changes chan string
}

func NewWatcher() *Watcher {
	w := &Watcher{stop: make(chan struct{}), changes: make(chan string)}
	go w.loop()
	return w
}

func (w *Watcher) loop() {
	for {
		select {
		case <-w.stop:
			return
		case w.changes <- "revision":
		}
	}
}

// Stop ends the watch.
func (w *Watcher) Stop() {
	close(w.stop)
}

// Controller reconciles on every change until its context ends, then stops its watcher, as a
// reconciler does on leader loss; Close stops the watcher too, for a shutdown.
type Controller struct {
	watcher *Watcher
	seen    chan string
}

func NewController() *Controller {
	return &Controller{watcher: NewWatcher(), seen: make(chan string, 1)}
}

func (c *Controller) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			c.watcher.Stop()
			return
		case ch := <-c.watcher.changes:
			select {
			case c.seen <- ch:
			default:
			}
		}
	}
}

func (c *Controller) Close() {
	c.watcher.Stop()
}
