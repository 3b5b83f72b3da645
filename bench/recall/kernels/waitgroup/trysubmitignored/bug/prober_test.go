package trysubmitignored

import (
	"strings"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// WorkerPool runs at most size tasks at a time; TrySubmit reports false when the pool is saturated.
type WorkerPool struct {
	slots chan struct{}
}

func NewWorkerPool(size int) *WorkerPool {
	return &WorkerPool{slots: make(chan struct{}, size)}
}

func (p *WorkerPool) TrySubmit(task func()) bool {
	select {
	case p.slots <- struct{}{}:
		go func() {
			defer func() { <-p.slots }()
			task()
		}()
		return true
	default:
		return false
	}
}

// Prober checks every upstream in parallel on a shared pool.
type Prober struct {
	pool  *WorkerPool
	check func(addr string) bool

	mu      sync.Mutex
	healthy map[string]bool
}

func NewProber(pool *WorkerPool, check func(string) bool) *Prober {
	return &Prober{pool: pool, check: check, healthy: make(map[string]bool)}
}

func (p *Prober) record(addr string, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.healthy[addr] = ok
}

// ProbeAll probes every upstream and returns when all probes are done.
func (p *Prober) ProbeAll(upstreams []string) map[string]bool {
	var wg sync.WaitGroup
	for _, addr := range upstreams {
		addr := addr
		wg.Add(1)
		p.pool.TrySubmit(func() {
			defer wg.Done()
			p.record(addr, p.check(addr))
		})
	}
	wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]bool, len(p.healthy))
	for k, v := range p.healthy {
		out[k] = v
	}
	return out
}

func TestProbeMoreUpstreamsThanWorkers(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := NewProber(NewWorkerPool(2), func(addr string) bool {
			time.Sleep(20 * time.Millisecond)
			return !strings.HasPrefix(addr, "10.0.0.3")
		})
		got := p.ProbeAll([]string{"10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80", "10.0.0.4:80"})
		if len(got) != 4 {
			t.Errorf("probed %d upstreams", len(got))
		}
	})
}
