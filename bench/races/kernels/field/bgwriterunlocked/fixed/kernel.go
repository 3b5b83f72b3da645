package bgwriterunlocked

import (
	"sync"
	"time"
)

// Prober checks a target on an interval in the background and remembers the last result, as a
// readiness prober does for a container.
type Prober struct {
	check  func() error
	period time.Duration
	stop   chan struct{}

	mu      sync.Mutex // guards lastErr and probes
	lastErr error
	probes  int
}

func NewProber(check func() error, period time.Duration) *Prober {
	return &Prober{check: check, period: period, stop: make(chan struct{})}
}

// Start runs the probe loop until Stop.
func (p *Prober) Start() {
	go func() {
		t := time.NewTicker(p.period)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
			err := p.check()
			p.mu.Lock()
			p.lastErr = err
			p.probes++
			p.mu.Unlock()
		}
	}()
}

// Healthy reports whether the last probe succeeded.
func (p *Prober) Healthy() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastErr == nil
}

func (p *Prober) Stop() { close(p.stop) }
