package pollercancelforgotten

import (
	"context"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Probe func() bool

type Poller struct {
	ctx    context.Context
	cancel context.CancelFunc
	probe  Probe
	every  time.Duration

	mu      sync.Mutex
	healthy bool
}

func NewPoller(probe Probe, every time.Duration) *Poller {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Poller{ctx: ctx, cancel: cancel, probe: probe, every: every}
	go p.loop()
	return p
}

func (p *Poller) loop() {
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			ok := p.probe()
			p.mu.Lock()
			p.healthy = ok
			p.mu.Unlock()
		case <-p.ctx.Done():
			return
		}
	}
}

func (p *Poller) Healthy() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.healthy
}

// Close releases the poller and stops its loop.
func (p *Poller) Close() error {
	p.cancel()
	p.mu.Lock()
	p.healthy = false
	p.mu.Unlock()
	return nil
}

func TestPollerClose(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := NewPoller(func() bool { return true }, time.Millisecond)
		time.Sleep(10 * time.Millisecond)
		_ = p.Healthy()
		p.Close()
	})
}
