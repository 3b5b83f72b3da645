package calledself

import (
	"context"
	"errors"
	"sync"
)

var errStopped = errors.New("stopped")

// A folder's Serve loop (run by a supervisor outside the package) runs a pull, and the pull asks for a rescan
// through the public Scan, which sends to the request channel only Serve receives.
type Puller interface {
	Pull(folder string) ([]string, error)
}

type scanRequest struct {
	subdirs []string
	err     chan error
}

type Folder struct {
	id      string
	puller  Puller
	scanReq chan scanRequest
	pullReq chan struct{}
	stop    chan struct{}

	mu      sync.Mutex
	scanned []string
}

func NewFolder(id string, p Puller) *Folder {
	return &Folder{id: id, puller: p, scanReq: make(chan scanRequest), pullReq: make(chan struct{}, 1), stop: make(chan struct{})}
}

func (f *Folder) Serve() {
	for {
		select {
		case req := <-f.scanReq:
			req.err <- f.scanSubdirs(req.subdirs)
		case <-f.pullReq:
			f.pull()
		case <-f.stop:
			return
		}
	}
}

func (f *Folder) Stop() { close(f.stop) }

func (f *Folder) SchedulePull() {
	select {
	case f.pullReq <- struct{}{}:
	default:
	}
}

func (f *Folder) Scan(subdirs []string) error {
	req := scanRequest{subdirs: subdirs, err: make(chan error, 1)}
	select {
	case f.scanReq <- req:
	case <-f.stop:
		return errStopped
	}
	return <-req.err
}

func (f *Folder) pull() {
	changed, err := f.puller.Pull(f.id)
	if err != nil || len(changed) == 0 {
		return
	}
	_ = f.Scan(changed) // want `Serve's loop calls Scan on its own goroutine \(Serve -> pull -> Scan\), and Scan sends on the unbuffered f.scanReq \(line 62\), which only Serve receives, in a select whose only other case is shutdown: the loop is busy in this call`
}

func (f *Folder) scanSubdirs(subdirs []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scanned = append(f.scanned, subdirs...)
	return nil
}

// A cache's refresh loop, started by its constructor, flushes its stats through a helper that queues an event with
// a plain send on the channel only the loop reads: two calls deep.
type cacheEvent struct{ hits, misses int }

type Cache struct {
	events  chan cacheEvent
	refresh chan struct{}
	quit    chan struct{}
	hits    int
	misses  int
}

func NewCache() *Cache {
	c := &Cache{events: make(chan cacheEvent), refresh: make(chan struct{}), quit: make(chan struct{})}
	go c.run()
	return c
}

func (c *Cache) run() {
	for {
		select {
		case ev := <-c.events:
			c.hits += ev.hits
			c.misses += ev.misses
		case <-c.refresh:
			c.reload()
		case <-c.quit:
			return
		}
	}
}

func (c *Cache) Refresh() { c.refresh <- struct{}{} }
func (c *Cache) Close()   { close(c.quit) }

func (c *Cache) reload() {
	c.report(cacheEvent{misses: 1})
}

func (c *Cache) report(ev cacheEvent) {
	c.record(ev) // want `run's loop calls record on its own goroutine \(run -> reload -> report -> record\), and record sends on the unbuffered c.events \(line 128\), which only run receives: the loop is busy in this call, so nothing can take the send and the loop hangs for ever`
}

func (c *Cache) record(ev cacheEvent) {
	c.events <- ev
}

// A controller whose lifetime is a context kept in a field: the resync asks for a sync through the public Enqueue,
// which selects only on that context's Done.
type Controller struct {
	ctx    context.Context
	queue  chan string
	resync chan struct{}
	keys   []string
}

func NewController(ctx context.Context) *Controller {
	c := &Controller{ctx: ctx, queue: make(chan string), resync: make(chan struct{})}
	go c.worker()
	return c
}

func (c *Controller) worker() {
	for {
		select {
		case key := <-c.queue:
			c.keys = append(c.keys, key)
		case <-c.resync:
			for _, k := range c.keys {
				c.Enqueue(k) // want `worker's loop calls Enqueue on its own goroutine \(worker -> Enqueue\)`
			}
		case <-c.ctx.Done():
			return
		}
	}
}

func (c *Controller) Enqueue(key string) {
	select {
	case c.queue <- key:
	case <-c.ctx.Done():
	}
}

func (c *Controller) Resync() { c.resync <- struct{}{} }
