package mutexes

import "sync"

// A template cache whose Close marks it closed under the lock and forgets to unlock: the next Lookup hangs.
type templateCache struct {
	mu        sync.Mutex
	templates map[string]string
	closed    bool
}

func (c *templateCache) Lookup(name string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return "", false
	}
	t, ok := c.templates[name]
	return t, ok
}

func (c *templateCache) Close() {
	c.mu.Lock() // want `Close locks c.mu and never unlocks it, and no caller does: every later c.mu.Lock blocks for ever`
	c.closed = true
	c.templates = nil
}

// Folders scanned one by one: a paused folder is skipped with its lock still held.
type folder struct {
	mu      sync.Mutex
	paused  bool
	scanned int
}

func (f *folder) Pause() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.paused = true
}

func scanAll(folders []*folder) int {
	n := 0
	for _, f := range folders {
		f.mu.Lock() // want `f.mu is locked here, but the return at line 52 is reached without f.mu.Unlock\(\)`
		if f.paused {
			continue
		}
		f.scanned++
		n++
		f.mu.Unlock()
	}
	return n
}

// The fixes, and functions that keep the lock on purpose.

func (c *templateCache) CloseFixed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
}

func scanAllFixed(folders []*folder) int {
	n := 0
	for _, f := range folders {
		f.mu.Lock()
		if f.paused {
			f.mu.Unlock()
			continue
		}
		f.scanned++
		n++
		f.mu.Unlock()
	}
	return n
}

// Named as a lock helper.
func (c *templateCache) lockForWrite() {
	c.mu.Lock()
	c.closed = false
}

// Called by a function that unlocks after it.
type nameRegistry struct {
	mu    sync.Mutex
	names map[string]int
}

func (r *nameRegistry) prepare() {
	r.mu.Lock()
	if r.names == nil {
		r.names = map[string]int{}
	}
}

func (r *nameRegistry) Put(name string) {
	r.prepare()
	r.names[name]++
	r.mu.Unlock()
}

// Its doc says it returns holding the lock.
// The caller must unlock c.mu when done.
func (c *templateCache) snapshot() map[string]string {
	c.mu.Lock()
	return c.templates
}

// A mutex the caller cannot see is no helper's, but nobody else can lock it either: not reported.
func localOnly() {
	var mu sync.Mutex
	mu.Lock()
}

// Locks every shard to quiesce the store, on purpose; a lock-all loop is a helper.
type shard struct{ mu sync.Mutex }

func quiesceAll(shards []*shard) {
	for _, s := range shards {
		s.mu.Lock()
	}
}

// A batch that takes the lock in Begin and releases it in Commit or Rollback.
type reader struct{ deleteMu sync.Mutex }

type batch struct{ r *reader }

func (r *reader) BatchDelete() *batch {
	r.deleteMu.Lock()
	return &batch{r: r}
}

func (b *batch) Commit() error {
	defer b.r.deleteMu.Unlock()
	return nil
}
