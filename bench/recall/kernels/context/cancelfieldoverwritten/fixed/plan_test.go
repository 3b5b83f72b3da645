package cancelfieldoverwritten

import (
	"context"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Plan struct {
	mu      sync.Mutex
	query   string
	cancel  context.CancelFunc
	handler func(uint64)
	wg      sync.WaitGroup
}

// Start (re)starts the plan's blocking-query loop.
func (p *Plan) Start(query string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		p.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.query = query
	p.cancel = cancel
	p.wg.Add(1)
	go p.run(ctx)
}

func (p *Plan) run(ctx context.Context) {
	defer p.wg.Done()
	var index uint64
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(5 * time.Millisecond):
			index++
			p.handler(index)
		}
	}
}

func (p *Plan) Stop() {
	p.mu.Lock()
	if p.cancel != nil {
		p.cancel()
	}
	p.mu.Unlock()
}

func TestReloadThenStop(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := &Plan{handler: func(uint64) {}}
		p.Start("service:web")
		p.Start("service:web passingonly") // the agent reloaded its config
		time.Sleep(10 * time.Millisecond)
		p.Stop()
	})
}
