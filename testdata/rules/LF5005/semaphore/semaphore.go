package semaphore

import "sync"

// A transfer manager deduplicates downloads and limits how many run at once with a channel semaphore.
type transfer struct {
	key  string
	done chan struct{}
}

type transferManager struct {
	mu     sync.Mutex
	active map[string]*transfer
	slots  chan struct{}
}

func newTransferManager(limit int) *transferManager {
	return &transferManager{active: map[string]*transfer{}, slots: make(chan struct{}, limit)}
}

// Transfer holds tm.mu while it waits for a slot; release needs tm.mu before it frees one.
func (tm *transferManager) Transfer(key string) *transfer {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if t, ok := tm.active[key]; ok {
		return t
	}
	tm.slots <- struct{}{} // want `Transfer takes a slot of the semaphore tm.slots while holding tm.mu \(locked at line 23\); once every slot is taken the send waits for a holder to give one back, but release, which gives slots back, locks transferManager.mu first \(line 40\)`
	t := &transfer{key: key, done: make(chan struct{})}
	tm.active[key] = t
	go tm.run(t)
	return t
}

func (tm *transferManager) run(t *transfer) {
	defer tm.release(t)
}

func (tm *transferManager) release(t *transfer) {
	tm.mu.Lock()
	delete(tm.active, t.key)
	tm.mu.Unlock()
	<-tm.slots
	close(t.done)
}

// A fixed-size pool of connections: Put returns the connection to the idle list under the lock, then frees the slot.
type pool struct {
	mu   sync.Mutex
	idle []int
	sem  chan struct{}
}

func newPool() *pool { return &pool{sem: make(chan struct{}, 4)} }

func (p *pool) Get() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sem <- struct{}{} // want `Get takes a slot of the semaphore p.sem while holding p.mu \(locked at line 57\); once every slot of its 4 is taken`
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		return c
	}
	return 0
}

func (p *pool) Put(c int) {
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.mu.Unlock()
	<-p.sem
}

// Fixed: the slot is taken before the lock. Silent.
type fixedManager struct {
	mu     sync.Mutex
	active map[string]bool
	slots  chan struct{}
}

func newFixedManager(limit int) *fixedManager {
	return &fixedManager{active: map[string]bool{}, slots: make(chan struct{}, limit)}
}

func (m *fixedManager) Transfer(key string) {
	m.slots <- struct{}{}
	m.mu.Lock()
	m.active[key] = true
	m.mu.Unlock()
	go m.release(key)
}

func (m *fixedManager) release(key string) {
	m.mu.Lock()
	delete(m.active, key)
	m.mu.Unlock()
	<-m.slots
}

// Fixed the other way: the slot is freed before the lock. Silent.
type freeFirst struct {
	mu     sync.Mutex
	active map[string]bool
	slots  chan struct{}
}

func newFreeFirst(limit int) *freeFirst {
	return &freeFirst{active: map[string]bool{}, slots: make(chan struct{}, limit)}
}

func (m *freeFirst) Transfer(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.slots <- struct{}{}
	m.active[key] = true
	go m.release(key)
}

func (m *freeFirst) release(key string) {
	<-m.slots
	m.mu.Lock()
	delete(m.active, key)
	m.mu.Unlock()
}

// One releaser never takes the lock (a deferred literal frees the slot): the slot can come back. Silent.
type literalRelease struct {
	mu    sync.Mutex
	n     int
	slots chan struct{}
}

func newLiteralRelease(limit int) *literalRelease {
	return &literalRelease{slots: make(chan struct{}, limit)}
}

func (l *literalRelease) Do(work func()) {
	l.mu.Lock()
	l.slots <- struct{}{}
	l.n++
	l.mu.Unlock()
	go func() {
		defer func() { <-l.slots }()
		work()
	}()
}

// A queue, not a semaphore: the receiver uses the values. Silent.
type jobQueue struct {
	mu   sync.Mutex
	jobs chan int
	seen int
}

func newJobQueue(n int) *jobQueue { return &jobQueue{jobs: make(chan int, n)} }

func (q *jobQueue) Push(j int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs <- j
}

func (q *jobQueue) Next() int {
	j := <-q.jobs
	q.mu.Lock()
	q.seen++
	q.mu.Unlock()
	return j
}

// Two read locks do not exclude each other. Silent.
type readSlots struct {
	mu    sync.RWMutex
	conf  map[string]string
	slots chan struct{}
}

func newReadSlots(limit int) *readSlots { return &readSlots{conf: map[string]string{}, slots: make(chan struct{}, limit)} }

func (r *readSlots) Start(k string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.slots <- struct{}{}
	go r.finish(k)
}

func (r *readSlots) finish(k string) {
	r.mu.RLock()
	_ = r.conf[k]
	r.mu.RUnlock()
	<-r.slots
}

// A stop signal with room for one, taken in a select: not a semaphore. Silent.
type stopper struct {
	mu   sync.Mutex
	stop chan struct{}
	n    int
}

func newStopper() *stopper { return &stopper{stop: make(chan struct{}, 1)} }

func (s *stopper) loop() {
	for {
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
		select {
		case <-s.stop:
			return
		default:
		}
	}
}

func (s *stopper) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop <- struct{}{}
}
