package neverdone

import "context"

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
	case ix.docs <- d: // want `Add sends on ix.docs, which only the goroutine running run receives from, and ix.docs is unbuffered: run can return \(line 24 when it receives from Indexer.stop\)`
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
