package rlockacrosscondwait

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type queue struct {
	cond         *sync.Cond
	items        []string
	shuttingDown bool
}

func newQueue() *queue { return &queue{cond: sync.NewCond(&sync.Mutex{})} }

func (q *queue) Add(item string) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.items = append(q.items, item)
	q.cond.Signal()
}

func (q *queue) Get() (string, bool) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.items) == 0 && !q.shuttingDown {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return "", true
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, false
}

type QuotaController struct {
	workerLock sync.RWMutex
	queue      *queue
	synced     map[string]int
	mu         sync.Mutex
}

func NewQuotaController() *QuotaController {
	return &QuotaController{queue: newQueue(), synced: map[string]int{}}
}

func (c *QuotaController) Run(workers int) {
	for i := 0; i < workers; i++ {
		go func() {
			for c.processNext() {
			}
		}()
	}
}

func (c *QuotaController) processNext() bool {
	c.workerLock.RLock()
	defer c.workerLock.RUnlock()
	key, quit := c.queue.Get()
	if quit {
		return false
	}
	c.mu.Lock()
	c.synced[key]++
	c.mu.Unlock()
	return true
}

// Resync queues every quota again; no worker may be in the middle of a sync while the resync runs.
func (c *QuotaController) Resync(keys []string) {
	c.workerLock.Lock()
	defer c.workerLock.Unlock()
	for _, k := range keys {
		c.queue.Add(k)
	}
}

func (c *QuotaController) Synced(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.synced[key]
}

func TestResyncWithIdleWorkers(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewQuotaController()
		c.Run(1)
		time.Sleep(50 * time.Millisecond) // the worker is waiting for a key, read lock held
		c.Resync([]string{"ns1/quota"})
		for c.Synced("ns1/quota") == 0 {
			time.Sleep(time.Millisecond)
		}
		c.queue.cond.L.Lock()
		c.queue.shuttingDown = true
		c.queue.cond.L.Unlock()
		c.queue.cond.Broadcast()
	})
}
