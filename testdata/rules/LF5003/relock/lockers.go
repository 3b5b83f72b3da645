package relock

import "sync"

// A queue guarded by its Cond's locker, as workqueues are: Len takes the same lock Add holds.
type condQueue struct {
	cond  *sync.Cond
	items []int
}

func newCondQueue() *condQueue { return &condQueue{cond: sync.NewCond(&sync.Mutex{})} }

func (q *condQueue) Len() int {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	return len(q.items)
}

func (q *condQueue) Add(v int) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	if q.Len() > 100 { // want `this call reaches a Lock of q.cond.L \(through Len\) while Add still holds it locked`
		return
	}
	q.items = append(q.items, v)
	q.cond.Signal()
}

// Get waits under the lock: Wait releases the Cond's L. Silent.
func (q *condQueue) Get() int {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// A sync.Locker field given only a mutex.
type lockerPool struct {
	lock  sync.Locker
	items []int
}

func newLockerPool() *lockerPool { return &lockerPool{lock: &sync.Mutex{}} }

func (p *lockerPool) Len() int {
	p.lock.Lock()
	defer p.lock.Unlock()
	return len(p.items)
}

func (p *lockerPool) Put(v int) {
	p.lock.Lock()
	defer p.lock.Unlock()
	if p.Len() > 3 { // want `this call reaches a Lock of p.lock \(through Len\) while Put still holds it locked`
		return
	}
	p.items = append(p.items, v)
}

// A Locker that may be a read locker: two read locks do not wait for each other. Silent.
type readPool struct {
	lock  sync.Locker
	items []int
}

func newReadPool(rw *sync.RWMutex) *readPool { return &readPool{lock: rw.RLocker()} }

func (p *readPool) Len() int {
	p.lock.Lock()
	defer p.lock.Unlock()
	return len(p.items)
}

func (p *readPool) Sum() int {
	p.lock.Lock()
	defer p.lock.Unlock()
	return p.Len()
}

// A Locker that does nothing in single-threaded mode: not a mutex. Silent.
type nopLocker struct{}

func (nopLocker) Lock()   {}
func (nopLocker) Unlock() {}

type maybePool struct {
	lock  sync.Locker
	items []int
}

func newMaybePool(concurrent bool) *maybePool {
	if concurrent {
		return &maybePool{lock: &sync.Mutex{}}
	}
	return &maybePool{lock: nopLocker{}}
}

func (p *maybePool) Len() int {
	p.lock.Lock()
	defer p.lock.Unlock()
	return len(p.items)
}

func (p *maybePool) Sum() int {
	p.lock.Lock()
	defer p.lock.Unlock()
	return p.Len()
}
