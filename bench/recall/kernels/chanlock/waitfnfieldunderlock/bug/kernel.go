package waitfnfieldunderlock

import "sync"

type Object struct {
	Key   string
	Value string
}

// Lister returns one page of objects and whether more pages follow.
type Lister interface {
	List(page int) ([]Object, bool)
}

// Informer fills a local cache from a lister; reads wait until the initial list is complete.
type Informer struct {
	mu     sync.Mutex
	items  map[string]string
	synced chan struct{}
	lister Lister

	// waitForSync blocks until the initial list has been loaded.
	waitForSync func()
}

func NewInformer(l Lister) *Informer {
	inf := &Informer{items: make(map[string]string), synced: make(chan struct{}), lister: l}
	inf.waitForSync = func() { <-inf.synced }
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

// Get returns an object from the cache once the cache has synced.
func (inf *Informer) Get(key string) (string, bool) {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	inf.waitForSync()
	v, ok := inf.items[key]
	return v, ok
}
