package wrongcondsignaled

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type event struct {
	folder string
	path   string
	kind   string
}

// boundedQueue holds at most cap events; Put waits while it is full, Get while it is empty.
type boundedQueue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []event
	cap      int
	dropped  int
}

func newBoundedQueue(capacity int) *boundedQueue {
	q := &boundedQueue{cap: capacity}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

func (q *boundedQueue) Put(e event) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) >= q.cap {
		q.notFull.Wait()
	}
	q.items = append(q.items, e)
	q.notEmpty.Signal()
}

func (q *boundedQueue) Get() event {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.notEmpty.Wait()
	}
	e := q.items[0]
	q.items = q.items[1:]
	q.notEmpty.Signal()
	return e
}

func (q *boundedQueue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

func TestWatcherFasterThanScanner(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		q := newBoundedQueue(2)
		done := make(chan struct{})
		go func() {
			defer close(done)
			for _, p := range []string{"a.txt", "b.txt", "c.txt", "d.txt", "e.txt"} {
				q.Put(event{folder: "default", path: p, kind: "modified"})
			}
		}()
		time.Sleep(10 * time.Millisecond) // the watcher fills the queue before the scanner starts
		for i := 0; i < 5; i++ {
			q.Get()
		}
		<-done
	})
}
