package unlockbreak

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type PushRequest struct {
	Proxy string
	Full  bool
}

type PushQueue struct {
	mu      sync.Mutex
	pending []PushRequest
	pushed  int
}

func (q *PushQueue) Enqueue(r PushRequest) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pending = append(q.pending, r)
}

// Drain pushes every pending request and returns how many it pushed.
func (q *PushQueue) Drain(push func(PushRequest)) int {
	n := 0
	for {
		q.mu.Lock()
		if len(q.pending) == 0 {
			q.mu.Unlock()
			break
		}
		r := q.pending[0]
		q.pending = q.pending[1:]
		q.pushed++
		q.mu.Unlock()
		push(r)
		n++
	}
	return n
}

func TestDrainThenEnqueue(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		q := &PushQueue{}
		q.Enqueue(PushRequest{Proxy: "sidecar~10.1.0.4"})
		q.Drain(func(PushRequest) {})
		q.Enqueue(PushRequest{Proxy: "sidecar~10.1.0.5", Full: true})
		if n := q.Drain(func(PushRequest) {}); n != 1 {
			t.Errorf("pushed %d", n)
		}
	})
}
