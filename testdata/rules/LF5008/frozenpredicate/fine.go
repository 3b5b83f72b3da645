package frozenpredicate

import "sync"

// The fix: the predicate reads the fields after every wake-up.
func (q *QuotaPool) AcquireFixed(n int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.waitFor(func() bool { return q.capacity-q.used >= n })
	q.used += n
}

// A predicate that calls a method: it may read anything.
func (q *QuotaPool) AcquireByMethod(n int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.waitFor(func() bool { return q.free() >= n })
	q.used += n
}

func (q *QuotaPool) free() int64 { return q.capacity - q.used }

// The local is re-read inside the loop.
func (q *QuotaPool) AcquireReread(n int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	free := q.capacity - q.used
	for free < n {
		q.cond.Wait()
		free = q.capacity - q.used
	}
	q.used += n
}

// A local a goroutine's closure sets: it can change while the loop waits.
type waiter struct {
	mu   sync.Mutex
	cond *sync.Cond
}

func (w *waiter) Run(work func()) {
	done := false
	go func() {
		work()
		w.mu.Lock()
		done = true
		w.mu.Unlock()
		w.cond.Broadcast()
	}()
	w.mu.Lock()
	for !done {
		w.cond.Wait()
	}
	w.mu.Unlock()
}

// A local handed out by address.
func (w *waiter) RunPtr(start func(*bool)) {
	ready := false
	start(&ready)
	w.mu.Lock()
	for !ready {
		w.cond.Wait()
	}
	w.mu.Unlock()
}

// A predicate over a local the callback sets: a closure assigns it.
func (q *QuotaPool) AcquireWithCallback(n int64, register func(func())) {
	q.mu.Lock()
	defer q.mu.Unlock()
	granted := false
	register(func() { granted = true })
	q.waitFor(func() bool { return granted })
	q.used += n
}

// A predicate given by the caller, not written here.
func (q *QuotaPool) AcquireWhen(n int64, ok func() bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.waitFor(ok)
	q.used += n
}

// A package-level variable can change under the lock.
var paused bool

func (q *QuotaPool) WaitUnpaused() {
	q.mu.Lock()
	for paused {
		q.cond.Wait()
	}
	q.mu.Unlock()
}

// A counter local to the loop that counts the wake-ups.
func (q *QuotaPool) WaitTimes(n int) {
	q.mu.Lock()
	for n > 0 {
		q.cond.Wait()
		n--
	}
	q.mu.Unlock()
}

// Goroutines wait on a local of the function that starts them, which that function sets later: a literal runs
// while its enclosing function goes on.
func startTogether(n int, work func()) {
	var (
		mtx   sync.Mutex
		start bool
	)
	cond := sync.NewCond(&mtx)
	for i := 0; i < n; i++ {
		go func() {
			cond.L.Lock()
			for !start {
				cond.Wait()
			}
			cond.L.Unlock()
			work()
		}()
	}
	cond.L.Lock()
	start = true
	cond.L.Unlock()
	cond.Broadcast()
}

// The same through the helper: the predicate's variable belongs to the function around the goroutine.
func (q *QuotaPool) AcquireAll(n int) {
	released := false
	for i := 0; i < n; i++ {
		go func() {
			q.mu.Lock()
			q.waitFor(func() bool { return released })
			q.mu.Unlock()
		}()
	}
	q.mu.Lock()
	released = true
	q.mu.Unlock()
	q.cond.Broadcast()
}
