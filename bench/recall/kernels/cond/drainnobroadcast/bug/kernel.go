package drainnobroadcast

import "sync"

// Tracker counts requests in flight so that shutdown can wait for them.
type Tracker struct {
	mu       sync.Mutex
	drained  *sync.Cond
	inflight int
}

func NewTracker() *Tracker {
	t := &Tracker{}
	t.drained = sync.NewCond(&t.mu)
	return t
}

func (t *Tracker) Start() {
	t.mu.Lock()
	t.inflight++
	t.mu.Unlock()
}

func (t *Tracker) Done() {
	t.mu.Lock()
	t.inflight--
	t.mu.Unlock()
}

// Drain returns once no request is in flight.
func (t *Tracker) Drain() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.inflight > 0 {
		t.drained.Wait()
	}
}
