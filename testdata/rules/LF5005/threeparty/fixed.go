package threeparty

import "sync"

// The fix: the join records the node under the lock and sends the event after releasing it. The loop and Leave
// still take their two locks, but nothing waits on the channel with the node lock held.
type fixedList struct {
	nodeLock sync.RWMutex
	nodes    map[string]bool
	events   chan<- event
}

func newFixedList(events chan<- event) *fixedList {
	return &fixedList{nodes: map[string]bool{}, events: events}
}

func (l *fixedList) join(name string) {
	l.nodeLock.Lock()
	if l.nodes[name] {
		l.nodeLock.Unlock()
		return
	}
	l.nodes[name] = true
	l.nodeLock.Unlock()
	l.events <- event{name}
}

func (l *fixedList) size() int {
	l.nodeLock.RLock()
	defer l.nodeLock.RUnlock()
	return len(l.nodes)
}

type fixedCluster struct {
	list     *fixedList
	eventCh  chan event
	shutdown chan struct{}

	memberLock sync.Mutex
	members    map[string]string
}

func newFixedCluster() *fixedCluster {
	c := &fixedCluster{eventCh: make(chan event), shutdown: make(chan struct{}), members: map[string]string{}}
	c.list = newFixedList(c.eventCh)
	go c.handleEvents()
	return c
}

func (c *fixedCluster) handleEvents() {
	for {
		select {
		case e := <-c.eventCh:
			c.memberLock.Lock()
			c.members[e.name] = "alive"
			c.memberLock.Unlock()
		case <-c.shutdown:
			return
		}
	}
}

func (c *fixedCluster) Leave() int {
	c.memberLock.Lock()
	defer c.memberLock.Unlock()
	return c.list.size()
}

// The loop takes the member lock between receives, but the report takes the two locks the other way round (the
// node lock first, then the member lock): nobody holds the member lock while waiting for the node lock.
type drainList struct {
	nodeLock sync.Mutex
	count    int
	events   chan int
}

type drainer struct {
	list       *drainList
	memberLock sync.Mutex
	seen       int
}

func newDrainer() *drainer {
	return &drainer{list: &drainList{events: make(chan int)}}
}

func (l *drainList) add() {
	l.nodeLock.Lock()
	defer l.nodeLock.Unlock()
	l.count++
	l.events <- l.count
}

func (d *drainer) run(done <-chan struct{}) {
	for {
		select {
		case n := <-d.list.events:
			d.memberLock.Lock()
			d.seen = n
			d.memberLock.Unlock()
		case <-done:
			return
		}
	}
}

func (d *drainer) report() int {
	d.list.nodeLock.Lock()
	defer d.list.nodeLock.Unlock()
	d.memberLock.Lock()
	defer d.memberLock.Unlock()
	return d.list.count + d.seen
}

// The third function reads under a read lock, and the sender holds only a read lock of an RWMutex nobody
// write-locks: no one waits for anyone.
type readList struct {
	mu     sync.RWMutex
	names  []string
	events chan string
}

type reader struct {
	list *readList
	mu   sync.Mutex
	last string
}

func newReader() *reader {
	return &reader{list: &readList{events: make(chan string)}}
}

func (l *readList) announce() {
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, n := range l.names {
		l.events <- n
	}
}

func (r *reader) loop() {
	for n := range r.list.events {
		r.mu.Lock()
		r.last = n
		r.mu.Unlock()
	}
}

func (r *reader) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list.mu.RLock()
	defer r.list.mu.RUnlock()
	return len(r.list.names)
}
