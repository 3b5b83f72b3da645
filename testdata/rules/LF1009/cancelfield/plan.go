package cancelfield

import (
	"context"
	"sync"
	"time"
)

// A watch plan restarted on reload: Start replaces the cancel of the running loop without calling it.
type plan struct {
	mu      sync.Mutex
	query   string
	cancel  context.CancelFunc
	handler func(uint64)
}

func (p *plan) Start(query string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	p.query = query
	p.cancel = cancel // want `Start replaces p.cancel without calling the cancel it holds, and it is called twice on one value \(line 53 and line 54\)`
	go p.run(ctx)
}

func (p *plan) run(ctx context.Context) {
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

func (p *plan) Stop() {
	p.mu.Lock()
	if p.cancel != nil {
		p.cancel()
	}
	p.mu.Unlock()
}

type agent struct {
	plan *plan
}

func (a *agent) reload(query string) {
	p := a.plan
	p.Start(query)
	p.Start(query + " passingonly")
	p.Stop()
}

// The fix: cancel the previous run before storing the new cancel.
type fixedPlan struct {
	mu     sync.Mutex
	query  string
	cancel context.CancelFunc
}

func (p *fixedPlan) Start(query string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		p.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.query = query
	p.cancel = cancel
	go p.run(ctx)
}

func (p *fixedPlan) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func (p *fixedPlan) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		p.cancel()
	}
}

func reloadFixed(p *fixedPlan) {
	p.Start("a")
	p.Start("b")
	p.Stop()
}

// Started twice, but stopped in between: each run is cancelled.
func restartPlan(p *plan) {
	p.Start("a")
	p.Stop()
	p.Start("b")
	p.Stop()
}
