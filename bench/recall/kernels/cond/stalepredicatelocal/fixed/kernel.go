package stalepredicatelocal

import "sync"

// QuotaPool limits the bytes of proposals in flight for one range.
type QuotaPool struct {
	mu       sync.Mutex
	cond     *sync.Cond
	capacity int64
	used     int64
}

func NewQuotaPool(capacity int64) *QuotaPool {
	q := &QuotaPool{capacity: capacity}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// waitFor waits until ready holds. q.mu must be held.
func (q *QuotaPool) waitFor(ready func() bool) {
	for !ready() {
		q.cond.Wait()
	}
}

// Acquire blocks until n bytes of quota are free and takes them.
func (q *QuotaPool) Acquire(n int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.waitFor(func() bool { return q.capacity-q.used >= n }) // re-read after every wake-up
	q.used += n
}

// Release returns n bytes once the proposal is applied.
func (q *QuotaPool) Release(n int64) {
	q.mu.Lock()
	q.used -= n
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *QuotaPool) Used() int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.used
}
