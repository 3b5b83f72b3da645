package conds

import "sync"

// A queue whose consumers wait for items.
type queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) Put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

// The Signal of a Put made before Get locks is lost: Get waits for ever on a non-empty queue.
func (q *queue) Get() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.cond.Wait() // want `q.cond.Wait\(\) checks no condition first: a Signal or Broadcast sent before this goroutine locked and waited is lost`
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// A start barrier: workers wait for the go signal, which may come before they get there.
type barrier struct {
	c       *sync.Cond
	started bool
}

func (b *barrier) spawn(work func()) {
	go func() {
		b.c.L.Lock()
		b.c.Wait() // want `b.c.Wait\(\) checks no condition first`
		b.c.L.Unlock()
		work()
	}()
}

func (b *barrier) start() {
	b.c.L.Lock()
	b.started = true
	b.c.L.Unlock()
	b.c.Broadcast()
}

// The fixes: wait in a loop on the condition.

func (q *queue) GetLoop() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

func (q *queue) GetForever() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if len(q.items) > 0 {
			v := q.items[0]
			q.items = q.items[1:]
			return v
		}
		q.cond.Wait()
	}
}

func (b *barrier) spawnLoop(work func()) {
	go func() {
		b.c.L.Lock()
		for !b.started {
			b.c.Wait()
		}
		b.c.L.Unlock()
		work()
	}()
}

// A check under the lock before waiting cannot miss a Signal made under that lock; what it does on a
// spurious wake-up is the caller's business.
func (q *queue) WaitNonEmpty() bool {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false
	}
	if len(q.items) != 0 {
		q.mu.Unlock()
		return true
	}
	q.cond.Wait()
	q.mu.Unlock()
	return true
}

func (q *queue) GetChecked() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

// A close handshake: the state is set under the lock before waiting, and the flusher reads it under that lock,
// so its answering Signal cannot come before this Wait.
func (q *queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.cond.Signal()
	q.cond.Wait()
}

// A WaitGroup's Wait is no Cond's.
func waitAll(wg *sync.WaitGroup) {
	wg.Wait()
}

// A replica that checks the flag before it takes the lock: the Broadcast can land between the check and the
// Lock, and the Wait sleeps through it.
type replica struct {
	mu          sync.Mutex
	cond        *sync.Cond
	initialized bool
}

func newReplica() *replica {
	r := &replica{}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func (r *replica) applySnapshot() {
	r.mu.Lock()
	r.initialized = true
	r.cond.Broadcast()
	r.mu.Unlock()
}

func (r *replica) isInitialized() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.initialized
}

func (r *replica) waitInitialized() {
	if !r.isInitialized() {
		r.mu.Lock()
		r.cond.Wait() // want `r.cond.Wait\(\) right after locking, in an if whose condition was checked before the lock was taken`
		r.mu.Unlock()
	}
}

// The fix: lock, then loop on the condition.
func (r *replica) waitInitializedFixed() {
	r.mu.Lock()
	for !r.initialized {
		r.cond.Wait()
	}
	r.mu.Unlock()
}

// Checked again under the lock: silent.
func (r *replica) waitInitializedRechecked() {
	if !r.isInitialized() {
		r.mu.Lock()
		for !r.initialized {
			r.cond.Wait()
		}
		r.mu.Unlock()
	}
}
