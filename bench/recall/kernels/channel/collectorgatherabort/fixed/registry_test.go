package collectorgatherabort

import (
	"fmt"
	"math"
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Metric struct {
	Name  string
	Value float64
}

// Collector sends its current metrics on ch; Gather runs every collector on its own goroutine.
type Collector interface {
	Collect(ch chan<- Metric)
}

type Registry struct {
	mu         sync.Mutex
	collectors []Collector
}

func (r *Registry) MustRegister(cs ...Collector) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.collectors = append(r.collectors, cs...)
}

func validate(m Metric) error {
	if math.IsNaN(m.Value) {
		return fmt.Errorf("metric %s: value is NaN", m.Name)
	}
	return nil
}

// Gather collects every registered metric, sorted by name.
func (r *Registry) Gather() ([]Metric, error) {
	r.mu.Lock()
	cs := append([]Collector(nil), r.collectors...)
	r.mu.Unlock()

	ch := make(chan Metric)
	var wg sync.WaitGroup
	for _, c := range cs {
		wg.Add(1)
		go func(c Collector) {
			defer wg.Done()
			c.Collect(ch)
		}(c)
	}
	go func() {
		wg.Wait()
		close(ch)
	}()

	var out []Metric
	var firstErr error
	for m := range ch {
		if err := validate(m); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		out = append(out, m)
	}
	if firstErr != nil {
		return nil, firstErr
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// processCollector reports the process's resource usage.
type processCollector struct {
	fds, threads float64
}

func (p *processCollector) Collect(ch chan<- Metric) {
	ch <- Metric{Name: "process_open_fds", Value: p.fds}
	ch <- Metric{Name: "process_threads", Value: p.threads}
}

// ratioCollector reports hit ratios of caches; a cache with no lookups yet yields NaN.
type ratioCollector struct {
	hits, lookups []float64
}

func (r *ratioCollector) Collect(ch chan<- Metric) {
	for i := range r.hits {
		ch <- Metric{Name: fmt.Sprintf("cache_%d_hit_ratio", i), Value: r.hits[i] / r.lookups[i]}
	}
}

func TestGatherRejectsNaN(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		var r Registry
		r.MustRegister(&processCollector{fds: 12, threads: 7}, &ratioCollector{hits: []float64{0, 3}, lookups: []float64{0, 4}})
		if _, err := r.Gather(); err == nil {
			t.Errorf("Gather accepted a NaN")
		}
	})
}
