package atomicfunc

import (
	"strings"
	"sync"
	"sync/atomic"
)

// A config watcher calls the change handler it loads from an atomic.Value while it holds its lock; the handler, a
// proxy's method value, reads the watcher's current config, which takes that lock again.
type Config struct {
	Routes  []string
	Version int
}

type ConfigWatcher struct {
	mu       sync.Mutex
	cfg      Config
	onChange atomic.Value // func(Config)
}

func (w *ConfigWatcher) SetHandler(h func(Config)) { w.onChange.Store(h) }

func (w *ConfigWatcher) Update(c Config) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cfg = c
	if h, ok := w.onChange.Load().(func(Config)); ok {
		h(c) // want `reaches a Lock of w.mu \(through rebuild → Current\) while Update still holds it`
	}
}

func (w *ConfigWatcher) Current() Config {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cfg
}

type Proxy struct {
	watcher *ConfigWatcher
	table   atomic.Value
}

func NewProxy(w *ConfigWatcher) *Proxy {
	p := &Proxy{watcher: w}
	w.SetHandler(p.rebuild)
	return p
}

func (p *Proxy) rebuild(Config) {
	cur := p.watcher.Current()
	p.table.Store(strings.Join(cur.Routes, ","))
}

// The owner's own method stored in its atomic.Value and called straight from the Load.
type Balancer struct {
	mu      sync.RWMutex
	weights map[string]int
	picker  atomic.Value
}

func NewBalancer() *Balancer {
	b := &Balancer{weights: map[string]int{}}
	b.picker.Store(b.pickHeaviest)
	return b
}

func (b *Balancer) pickHeaviest() string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	best := ""
	for k, w := range b.weights {
		if best == "" || w > b.weights[best] {
			best = k
		}
	}
	return best
}

func (b *Balancer) SetWeight(name string, w int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.weights[name] = w
	return b.picker.Load().(func() string)() // want `reaches an RLock of b.mu \(through pickHeaviest\) while SetWeight still holds it`
}
