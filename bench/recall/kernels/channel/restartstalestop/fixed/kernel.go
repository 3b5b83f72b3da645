package restartstalestop

import (
	"errors"
	"sync"
	"time"
)

type Result struct {
	Target  string
	Healthy bool
	At      time.Time
}

// Checker probes one target.
type Checker interface {
	Check(target string) error
}

type CheckerFunc func(string) error

func (f CheckerFunc) Check(t string) error { return f(t) }

// Prober probes a target every interval until stopped. Reset changes the interval.
type Prober struct {
	target  string
	checker Checker

	mu       sync.Mutex
	interval time.Duration
	stopCh   chan struct{}
	last     Result
	runs     int
}

func NewProber(target string, c Checker, interval time.Duration) *Prober {
	return &Prober{target: target, checker: c, interval: interval}
}

func (p *Prober) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopCh = make(chan struct{})
	go p.run(p.stopCh, p.interval)
}

// Reset restarts probing with a new interval.
func (p *Prober) Reset(interval time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.interval = interval
	if p.stopCh != nil {
		close(p.stopCh) // the running loop holds its own copy: stop it before replacing the field
	}
	p.stopCh = make(chan struct{})
	go p.run(p.stopCh, interval)
}

func (p *Prober) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopCh != nil {
		close(p.stopCh)
		p.stopCh = nil
	}
}

func (p *Prober) run(stop <-chan struct{}, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case now := <-t.C:
			err := p.checker.Check(p.target)
			p.record(Result{Target: p.target, Healthy: err == nil, At: now})
		}
	}
}

func (p *Prober) record(r Result) {
	p.mu.Lock()
	p.last = r
	p.runs++
	p.mu.Unlock()
}

func (p *Prober) Last() (Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.runs == 0 {
		return Result{}, errors.New("no probe yet")
	}
	return p.last, nil
}
