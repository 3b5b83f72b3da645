package cancelnotcalled

import (
	"context"
	"sync"
	"time"
)

type LeaseLock interface {
	TryAcquire(holder string) bool
}

type Elector struct {
	mu       sync.Mutex
	identity string
	lock     LeaseLock
	leader   bool
	cancel   context.CancelFunc
	period   time.Duration
}

func (e *Elector) Run() {
	ctx, cancel := context.WithCancel(context.Background())
	e.mu.Lock()
	e.cancel = cancel
	e.mu.Unlock()
	go e.renewLoop(ctx)
}

func (e *Elector) renewLoop(ctx context.Context) {
	t := time.NewTicker(e.period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			ok := e.lock.TryAcquire(e.identity)
			e.mu.Lock()
			e.leader = ok
			e.mu.Unlock()
		}
	}
}

// Stop steps down.
func (e *Elector) Stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.leader {
		return
	}
	e.leader = false
	e.cancel()
}
