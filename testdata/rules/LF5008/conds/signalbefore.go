package conds

import "sync"

// A job queue whose workers wait for jobs or the end; finish wakes them first and sets the flag after taking the
// lock again: a woken worker re-checks before the flag is set and waits for ever.
type taskQueue struct {
	mu       sync.Mutex
	cond     *sync.Cond
	jobs     []func()
	finished bool
	pending  int
}

func newTaskQueue() *taskQueue {
	q := &taskQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *taskQueue) take() (func(), bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) == 0 && !q.finished {
		q.cond.Wait()
	}
	if len(q.jobs) == 0 {
		return nil, false
	}
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	return j, true
}

func (q *taskQueue) finish() {
	q.cond.Broadcast()
	q.mu.Lock()
	q.finished = true // want `finish sets q.finished = true, which ends the wait loop in take \(line 24\), after its Broadcast \(line 36\) and with the lock taken again in between`
	q.mu.Unlock()
}

// The idiomatic orders: the wake-up after the change, in the same critical section before it, deferred, or sent by
// a helper after the change.

// Signal inside the critical section that appends: a waiter re-checks only after Unlock, when the job is there.
func (q *taskQueue) push(j func()) {
	q.mu.Lock()
	q.cond.Signal()
	q.jobs = append(q.jobs, j)
	q.mu.Unlock()
}

// An early wake-up (for a drain in progress) and another after the change: fine.
func (q *taskQueue) finishTwice() {
	q.cond.Broadcast()
	q.mu.Lock()
	q.finished = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *taskQueue) finishDeferred() {
	defer q.cond.Broadcast()
	q.cond.Broadcast()
	q.mu.Lock()
	q.finished = true
	q.mu.Unlock()
}

func (q *taskQueue) wake() { q.cond.Broadcast() }

func (q *taskQueue) finishThenWake() {
	q.cond.Broadcast()
	q.mu.Lock()
	q.finished = true
	q.mu.Unlock()
	q.wake()
}

// A loop that broadcasts at the top of each round: the next round wakes the waiters after the change.
func (q *taskQueue) feed(batches [][]func()) {
	for _, b := range batches {
		q.cond.Broadcast()
		q.mu.Lock()
		q.jobs = append(q.jobs, b...)
		q.mu.Unlock()
	}
	q.cond.Broadcast()
}

// A change that does not end the loop (more pending work) after a Broadcast: nothing to announce.
func (q *taskQueue) reopen() {
	q.cond.Broadcast()
	q.mu.Lock()
	q.finished = false
	q.mu.Unlock()
}
