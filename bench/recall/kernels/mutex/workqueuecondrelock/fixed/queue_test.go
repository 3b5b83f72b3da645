package workqueuecondrelock

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Type struct {
	queue        []string
	dirty        map[string]bool
	processing   map[string]bool
	cond         *sync.Cond
	shuttingDown bool
	maxLen       int
}

func New(maxLen int) *Type {
	return &Type{
		dirty:      map[string]bool{},
		processing: map[string]bool{},
		cond:       sync.NewCond(&sync.Mutex{}),
		maxLen:     maxLen,
	}
}

func (q *Type) Len() int {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	return len(q.queue)
}

// Add queues item unless the queue is full or shutting down.
func (q *Type) Add(item string) bool {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	if q.shuttingDown || q.dirty[item] {
		return false
	}
	if len(q.queue) >= q.maxLen { // q.cond.L is held: read the length directly
		return false
	}
	q.dirty[item] = true
	if q.processing[item] {
		return true
	}
	q.queue = append(q.queue, item)
	q.cond.Signal()
	return true
}

func (q *Type) Get() (string, bool) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.queue) == 0 && !q.shuttingDown {
		q.cond.Wait()
	}
	if len(q.queue) == 0 {
		return "", true
	}
	item := q.queue[0]
	q.queue = q.queue[1:]
	q.processing[item] = true
	delete(q.dirty, item)
	return item, false
}

func TestAddThenGet(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		q := New(10)
		q.Add("pod-a")
		if item, _ := q.Get(); item != "pod-a" {
			t.Errorf("got %q", item)
		}
	})
}
