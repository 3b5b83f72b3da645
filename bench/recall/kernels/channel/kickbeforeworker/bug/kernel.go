package kickbeforeworker

import (
	"context"
	"sync"
)

type Stopper struct{ wg sync.WaitGroup }

func (s *Stopper) RunWorker(ctx context.Context, f func(context.Context)) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f(ctx)
	}()
}

func (s *Stopper) Wait() { s.wg.Wait() }

type Compactor struct {
	ch        chan struct{}
	mu        sync.Mutex
	compacted int
}

func NewCompactor() *Compactor { return &Compactor{ch: make(chan struct{})} }

func (c *Compactor) compact() {
	c.mu.Lock()
	c.compacted++
	c.mu.Unlock()
}

// Start processes whatever is pending at start-up, then every time it is kicked.
func (c *Compactor) Start(ctx context.Context, s *Stopper) {
	c.ch <- struct{}{}
	s.RunWorker(ctx, func(ctx context.Context) {
		for {
			select {
			case <-c.ch:
				c.compact()
			case <-ctx.Done():
				return
			}
		}
	})
}
