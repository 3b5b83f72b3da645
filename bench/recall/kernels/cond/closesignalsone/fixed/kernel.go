package closesignalsone

import "sync"

// Queue hands items to its consumers in order.
type Queue struct {
	cond         *sync.Cond
	queue        []string
	shuttingDown bool
}

func NewQueue() *Queue {
	return &Queue{cond: sync.NewCond(&sync.Mutex{})}
}

func (q *Queue) Add(item string) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	if q.shuttingDown {
		return
	}
	q.queue = append(q.queue, item)
	q.cond.Signal()
}

// Get blocks until an item is available or the queue shuts down.
func (q *Queue) Get() (string, bool) {
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
	return item, false
}

// ShutDown makes every consumer's Get return.
func (q *Queue) ShutDown() {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.shuttingDown = true
	q.cond.Broadcast()
}
