package semreleaseafterwait

import (
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// limiter bounds how many probes run at once.
type limiter chan struct{}

func newLimiter(n int) limiter { return make(limiter, n) }
func (l limiter) acquire()     { l <- struct{}{} }
func (l limiter) release()     { <-l }

type Target struct {
	Job      string
	Instance string
}

type Result struct {
	Target  Target
	Up      bool
	Latency time.Duration
	Err     error
}

// ProbeFunc checks one target.
type ProbeFunc func(Target) error

// Prober checks a set of targets with bounded parallelism.
type Prober struct {
	probe   ProbeFunc
	limit   limiter
	timeout time.Duration
	logf    func(format string, args ...interface{})
}

func NewProber(probe ProbeFunc, parallelism int) *Prober {
	return &Prober{probe: probe, limit: newLimiter(parallelism), timeout: time.Second, logf: log.Printf}
}

func (p *Prober) check(t Target) Result {
	start := time.Now()
	err := p.probe(t)
	return Result{Target: t, Up: err == nil, Latency: time.Since(start), Err: err}
}

// ProbeAll checks every target and returns the results sorted by instance.
func (p *Prober) ProbeAll(targets []Target) []Result {
	results := make(chan Result, len(targets))
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Add(1)
		go func(t Target) {
			defer wg.Done()
			p.limit.acquire()
			defer p.limit.release()
			results <- p.check(t)
		}(t)
	}
	wg.Wait()
	close(results)

	var out []Result
	for r := range results {
		if r.Err != nil {
			p.logf("probe %s/%s: %v", r.Target.Job, r.Target.Instance, r.Err)
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Target.Instance < out[j].Target.Instance })
	return out
}

var errRefused = errors.New("connection refused")

func fakeProbe(t Target) error {
	if t.Instance == "10.0.0.3:9100" {
		return fmt.Errorf("dial %s: %w", t.Instance, errRefused)
	}
	return nil
}
