package atomicfunc

import (
	"sync"
	"sync/atomic"
)

// A handler called after the unlock. Silent.
type Registry struct {
	mu       sync.Mutex
	names    []string
	onChange atomic.Value
}

func NewRegistry() *Registry {
	r := &Registry{}
	r.onChange.Store(r.count)
	return r
}

func (r *Registry) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.names)
}

func (r *Registry) Add(name string) {
	r.mu.Lock()
	r.names = append(r.names, name)
	r.mu.Unlock()
	if h, ok := r.onChange.Load().(func() int); ok {
		h()
	}
}

// An atomic.Value also given a function the package cannot see: what the Load runs is unknown. Silent.
type Limiter struct {
	mu     sync.Mutex
	tokens int
	policy atomic.Value
}

func newPolicy() func() int { return func() int { return 1 } }

func NewLimiter(strict bool) *Limiter {
	l := &Limiter{}
	if strict {
		l.policy.Store(l.available)
	} else {
		l.policy.Store(newPolicy())
	}
	return l
}

func (l *Limiter) available() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tokens
}

func (l *Limiter) Take() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tokens -= l.policy.Load().(func() int)()
}

// An atomic.Value handed by address to a helper, which may store anything. Silent.
type Meter struct {
	mu     sync.Mutex
	n      int
	report atomic.Value
}

func install(v *atomic.Value, f func()) { v.Store(f) }

func NewMeter() *Meter {
	m := &Meter{}
	m.report.Store(m.flush)
	install(&m.report, func() {})
	return m
}

func (m *Meter) flush() {
	m.mu.Lock()
	m.n = 0
	m.mu.Unlock()
}

func (m *Meter) Mark() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n++
	m.report.Load().(func())()
}

// A handler that locks nothing. Silent.
type Gauge struct {
	mu     sync.Mutex
	v      int
	notify atomic.Value
}

var changes int

func NewGauge() *Gauge {
	g := &Gauge{}
	g.notify.Store(func(int) { changes++ })
	return g
}

func (g *Gauge) Set(v int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.v = v
	g.notify.Load().(func(int))(v)
}
