package defaultregistryrelock

import (
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"sync"
)

// Desc describes one metric family.
type Desc struct {
	fqName string
	help   string
	labels []string
}

func NewDesc(fqName, help string, labels ...string) *Desc {
	return &Desc{fqName: fqName, help: help, labels: labels}
}

func (d *Desc) id() uint64 {
	h := fnv.New64a()
	h.Write([]byte(d.fqName))
	return h.Sum64()
}

// Collector is anything that can describe and produce metrics.
type Collector interface {
	Describe() []*Desc
	Collect() map[string]float64
}

var ErrAlreadyRegistered = errors.New("duplicate metrics collector registration attempted")

type Registry struct {
	mtx            sync.RWMutex
	collectorsByID map[uint64]Collector
	descIDs        map[uint64]struct{}
}

func NewRegistry() *Registry {
	return &Registry{collectorsByID: map[uint64]Collector{}, descIDs: map[uint64]struct{}{}}
}

// DefaultRegisterer is the registry the package-level helpers use.
var DefaultRegisterer = NewRegistry()

// MustRegister registers the collectors on DefaultRegisterer and panics on error.
func MustRegister(cs ...Collector) {
	for _, c := range cs {
		if err := DefaultRegisterer.Register(c); err != nil {
			panic(err)
		}
	}
}

func (r *Registry) Register(c Collector) error {
	// Describe runs user code, which may register collectors itself: call it before taking the lock.
	descs := c.Describe()
	r.mtx.Lock()
	defer r.mtx.Unlock()
	var collectorID uint64
	for _, d := range descs {
		id := d.id()
		if _, exists := r.descIDs[id]; exists {
			return fmt.Errorf("%w: %s", ErrAlreadyRegistered, d.fqName)
		}
		collectorID ^= id
	}
	for _, d := range descs {
		r.descIDs[d.id()] = struct{}{}
	}
	r.collectorsByID[collectorID] = c
	return nil
}

// Gather collects every registered collector's samples, sorted by name.
func (r *Registry) Gather() []string {
	r.mtx.RLock()
	defer r.mtx.RUnlock()
	var out []string
	for _, c := range r.collectorsByID {
		for name, v := range c.Collect() {
			out = append(out, fmt.Sprintf("%s %g", name, v))
		}
	}
	sort.Strings(out)
	return out
}

// Histogram is a bare-bones collector of observed wait times.
type Histogram struct {
	desc  *Desc
	mu    sync.Mutex
	count int
	sum   float64
}

func NewHistogram(name, help string) *Histogram { return &Histogram{desc: NewDesc(name, help)} }

func (h *Histogram) Observe(v float64) {
	h.mu.Lock()
	h.count++
	h.sum += v
	h.mu.Unlock()
}

func (h *Histogram) Describe() []*Desc { return []*Desc{h.desc} }

func (h *Histogram) Collect() map[string]float64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return map[string]float64{h.desc.fqName + "_count": float64(h.count), h.desc.fqName + "_sum": h.sum}
}

// ConnPool is the thing being instrumented.
type ConnPool struct {
	Name  string
	Open  int
	Idle  int
	waits *Histogram
}

// poolCollector exports a pool's gauges; its wait histogram is registered the first time the collector
// is described, so pools that are never registered do not export it.
type poolCollector struct {
	pool       *ConnPool
	open, idle *Desc
	once       sync.Once
}

func NewPoolCollector(p *ConnPool) Collector {
	p.waits = NewHistogram("pool_"+p.Name+"_wait_seconds", "Time spent waiting for a connection.")
	return &poolCollector{
		pool: p,
		open: NewDesc("pool_"+p.Name+"_open", "Open connections."),
		idle: NewDesc("pool_"+p.Name+"_idle", "Idle connections."),
	}
}

func (c *poolCollector) Describe() []*Desc {
	c.once.Do(func() { MustRegister(c.pool.waits) })
	return []*Desc{c.open, c.idle}
}

func (c *poolCollector) Collect() map[string]float64 {
	return map[string]float64{c.open.fqName: float64(c.pool.Open), c.idle.fqName: float64(c.pool.Idle)}
}
