package waiting

import "sync"

// A work queue in the client-go style: Get waits on a Cond until an item comes, Add appends and signals.
type workQueue struct {
	cond     *sync.Cond
	items    []string
	shutdown bool
}

func newWorkQueue() *workQueue { return &workQueue{cond: sync.NewCond(&sync.Mutex{})} }

func (q *workQueue) Add(item string) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.items = append(q.items, item)
	q.cond.Signal()
}

func (q *workQueue) Get() (string, bool) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.items) == 0 && !q.shutdown {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return "", true
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, false
}

// A quota controller whose workers hold the read lock while they wait for the next key, and whose full
// resync takes the write lock to queue every key: the resync waits for the workers' read locks, the workers
// wait for keys only the resync can add.
type quotaController struct {
	workerLock sync.RWMutex
	queue      *workQueue
}

func newQuotaController() *quotaController { return &quotaController{queue: newWorkQueue()} }

func (c *quotaController) Run(workers int) {
	for i := 0; i < workers; i++ {
		go c.worker()
	}
}

func (c *quotaController) worker() {
	for c.processNext() {
	}
}

func (c *quotaController) processNext() bool {
	c.workerLock.RLock()
	defer c.workerLock.RUnlock()
	key, quit := c.queue.Get() // want `processNext waits on c.queue.cond \(in Get, line 25\) while holding c.workerLock .* but Add, which calls its Signal or Broadcast, runs only under that lock: resync calls it holding quotaController.workerLock`
	if quit {
		return false
	}
	_ = key
	return true
}

func (c *quotaController) resync(keys []string) {
	c.workerLock.Lock()
	defer c.workerLock.Unlock()
	for _, k := range keys {
		c.queue.Add(k)
	}
}

// The fix: the worker takes its key before the read lock; the resync may hold the write lock while it queues.
type keyQueue struct {
	cond *sync.Cond
	keys []string
}

func (q *keyQueue) add(key string) {
	q.cond.L.Lock()
	q.keys = append(q.keys, key)
	q.cond.L.Unlock()
	q.cond.Signal()
}

func (q *keyQueue) get() string {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.keys) == 0 {
		q.cond.Wait()
	}
	key := q.keys[0]
	q.keys = q.keys[1:]
	return key
}

type quotaControllerFixed struct {
	workerLock sync.RWMutex
	queue      *keyQueue
}

func newQuotaControllerFixed() *quotaControllerFixed {
	return &quotaControllerFixed{queue: &keyQueue{cond: sync.NewCond(&sync.Mutex{})}}
}

func (c *quotaControllerFixed) processNext() {
	key := c.queue.get()
	c.workerLock.RLock()
	defer c.workerLock.RUnlock()
	_ = key
}

func (c *quotaControllerFixed) resync(keys []string) {
	c.workerLock.Lock()
	defer c.workerLock.Unlock()
	for _, k := range keys {
		c.queue.add(k)
	}
}

// A pipeline whose stage waits on its own Cond under its own mutex (Wait releases it) and whose feeder
// signals under the same mutex: the usual Cond protocol, no deadlock.
type stage struct {
	mu      sync.Mutex
	ready   *sync.Cond
	batches [][]byte
}

func newStage() *stage {
	s := &stage{}
	s.ready = sync.NewCond(&s.mu)
	return s
}

func (s *stage) next() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.batches) == 0 {
		s.ready.Wait()
	}
	b := s.batches[0]
	s.batches = s.batches[1:]
	return b
}

func (s *stage) feed(b []byte) {
	s.mu.Lock()
	s.batches = append(s.batches, b)
	s.mu.Unlock()
	s.ready.Signal()
}

// The same stage waited on by a caller holding the stage's mutex through a helper: still the Cond's own lock.
func (s *stage) nextLocked() []byte {
	for len(s.batches) == 0 {
		s.ready.Wait()
	}
	return s.batches[0]
}

func (s *stage) peek() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextLocked()
}

// A dispatcher whose queue is also fed by a goroutine of its own, without the lock: the resync is not the
// only way in, so the waiting worker can be woken.
type feedQueue struct {
	cond  *sync.Cond
	items []string
}

func (q *feedQueue) add(item string) {
	q.cond.L.Lock()
	q.items = append(q.items, item)
	q.cond.L.Unlock()
	q.cond.Signal()
}

func (q *feedQueue) get() string {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

type dispatcher struct {
	mu    sync.Mutex
	queue *feedQueue
}

func newDispatcher() *dispatcher {
	return &dispatcher{queue: &feedQueue{cond: sync.NewCond(&sync.Mutex{})}}
}

func (d *dispatcher) work() {
	d.mu.Lock()
	defer d.mu.Unlock()
	_ = d.queue.get()
}

func (d *dispatcher) resync(keys []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, k := range keys {
		d.queue.add(k)
	}
}

func (d *dispatcher) feed(k string) {
	go d.queue.add(k)
}

// Readers on both sides: two read locks do not exclude each other.
type snapshotQueue struct {
	cond  *sync.Cond
	items []string
}

func (q *snapshotQueue) add(item string) {
	q.cond.L.Lock()
	q.items = append(q.items, item)
	q.cond.L.Unlock()
	q.cond.Broadcast()
}

func (q *snapshotQueue) get() string {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	return q.items[0]
}

type snapshotter struct {
	mu    sync.RWMutex
	queue *snapshotQueue
}

func newSnapshotter() *snapshotter {
	return &snapshotter{queue: &snapshotQueue{cond: sync.NewCond(&sync.Mutex{})}}
}

func (s *snapshotter) take() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.queue.get()
}

func (s *snapshotter) offer(k string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.queue.add(k)
}

// A Cond made by another package (its mutex unknown): nothing to judge.
type borrowed struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func (b *borrowed) wait() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.n == 0 {
		b.cond.Wait()
	}
}

func (b *borrowed) bump() {
	b.mu.Lock()
	b.n++
	b.mu.Unlock()
	b.cond.Signal()
}

// A cluster whose Cond waits with the read side of the cluster's own RWMutex (L is its RLocker): Wait releases
// that read lock, so a syncer taking the write lock to broadcast can get it.
type cluster struct {
	sync.RWMutex
	serverSynced sync.Cond
	masters      int
}

func newCluster() *cluster {
	c := &cluster{}
	c.serverSynced.L = c.RWMutex.RLocker()
	return c
}

func (c *cluster) acquire() {
	c.RLock()
	for c.masters == 0 {
		c.serverSynced.Wait()
	}
	c.RUnlock()
}

func (c *cluster) synced(n int) {
	c.Lock()
	c.masters = n
	c.Unlock()
	c.serverSynced.Broadcast()
}

// A Cond built on a mutex the package is given: what Wait releases is unknown, nothing is judged.
type gate2 struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func newGate2(l sync.Locker) *gate2 { return &gate2{cond: sync.NewCond(l)} }

func (g *gate2) wait() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.open {
		g.cond.Wait()
	}
}

func (g *gate2) release() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
}
