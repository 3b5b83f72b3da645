package stopselectunderlock

import "sync"

type Controller struct {
	mu      sync.Mutex
	synced  map[string]int
	syncCh  chan string
	stopCh  chan struct{}
	doneCh  chan struct{}
	started chan struct{}
}

func NewController() *Controller {
	c := &Controller{
		synced:  map[string]int{},
		syncCh:  make(chan string),
		stopCh:  make(chan struct{}),
		doneCh:  make(chan struct{}),
		started: make(chan struct{}, 1),
	}
	go c.run()
	return c
}

func (c *Controller) run() {
	defer close(c.doneCh)
	for {
		select {
		case <-c.stopCh:
			return
		case key := <-c.syncCh:
			c.started <- struct{}{}
			c.mu.Lock()
			c.synced[key]++
			c.mu.Unlock()
		}
	}
}

// Enqueue asks the loop to sync key, unless it has stopped.
func (c *Controller) Enqueue(key string) {
	select {
	case c.syncCh <- key:
	case <-c.doneCh:
	}
}

// Stop ends the loop and drops the state.
func (c *Controller) Stop() {
	select {
	case c.stopCh <- struct{}{}:
	case <-c.doneCh:
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.synced = nil
}
