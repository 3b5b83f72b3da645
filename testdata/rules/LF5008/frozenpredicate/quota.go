package frozenpredicate

import "sync"

// A quota pool whose Acquire passes waitFor a predicate over a local read before the wait.
type QuotaPool struct {
	mu       sync.Mutex
	cond     *sync.Cond
	capacity int64
	used     int64
}

func (q *QuotaPool) waitFor(ready func() bool) {
	for !ready() {
		q.cond.Wait()
	}
}

func (q *QuotaPool) Acquire(n int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	free := q.capacity - q.used
	q.waitFor(func() bool { return free >= n }) // want `waitFor waits on q.cond \(line 14\) until this function returns true, but it reads only free and n, values taken before the wait`
	q.used += n
}

func (q *QuotaPool) Release(n int64) {
	q.mu.Lock()
	q.used -= n
	q.mu.Unlock()
	q.cond.Broadcast()
}

// The same mistake without a helper: the loop's condition reads a local copy of the count.
func (q *QuotaPool) AcquireDirect(n int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	used, limit := q.used, q.capacity
	for used+n > limit && used >= 0 { // want `this loop waits on q.cond for a condition that reads only used, n and limit, locals that nothing changes while it waits`
		q.cond.Wait()
	}
	q.used += n
}

// A bool flag copied before the wait.
func (q *QuotaPool) WaitEmpty() {
	q.mu.Lock()
	empty := q.used == 0
	for !empty { // want `reads only empty, locals that nothing changes`
		q.cond.Wait()
	}
	q.mu.Unlock()
}
