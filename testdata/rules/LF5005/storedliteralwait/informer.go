package storedliteralwait

import "sync"

// An informer's reads wait for the initial list through a closure its constructor stores in a field; Get calls it
// under the informer's lock, and the goroutine that closes synced stores each page under that lock first.
type Object struct{ Key, Value string }

type Lister interface {
	List(page int) ([]Object, bool)
}

type Informer struct {
	mu          sync.Mutex
	items       map[string]string
	synced      chan struct{}
	lister      Lister
	waitForSync func()
}

func NewInformer(l Lister) *Informer {
	inf := &Informer{items: map[string]string{}, synced: make(chan struct{}), lister: l}
	inf.waitForSync = func() { <-inf.synced } // want `Get receives from inf.synced while holding inf.mu`
	go inf.initialList()
	return inf
}

func (inf *Informer) initialList() {
	for page := 0; ; page++ {
		objs, more := inf.lister.List(page)
		inf.store(objs)
		if !more {
			break
		}
	}
	close(inf.synced)
}

func (inf *Informer) store(objs []Object) {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	for _, o := range objs {
		inf.items[o.Key] = o.Value
	}
}

func (inf *Informer) Get(key string) (string, bool) {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	inf.waitForSync()
	v, ok := inf.items[key]
	return v, ok
}

// The same wait as a select on the synced and stop channels, both closed by the lister after it took the lock.
type Cache struct {
	mu     sync.Mutex
	rows   map[string]int
	ready  chan struct{}
	failed chan struct{}
	await  func()
}

func NewCache() *Cache {
	c := &Cache{rows: map[string]int{}, ready: make(chan struct{}), failed: make(chan struct{})}
	c.await = func() {
		select { // want `Row selects on c.ready and c.failed`
		case <-c.ready:
		case <-c.failed:
		}
	}
	go c.load()
	return c
}

func (c *Cache) load() {
	c.mu.Lock()
	c.rows["a"] = 1
	c.mu.Unlock()
	if len(c.rows) == 0 {
		close(c.failed)
		return
	}
	close(c.ready)
}

func (c *Cache) Row(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.await()
	return c.rows[k]
}
