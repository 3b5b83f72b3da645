package atomicvaluecallback

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Config struct {
	Routes  []string
	Version int
}

// ConfigWatcher holds the current mesh configuration. The change handler is swapped without locking
// through an atomic.Value so that a reload can install a new one at any time.
type ConfigWatcher struct {
	mu       sync.Mutex
	cfg      Config
	onChange atomic.Value // func(Config)
}

func (w *ConfigWatcher) SetHandler(h func(Config)) { w.onChange.Store(h) }

// Update installs a new config and tells the handler.
func (w *ConfigWatcher) Update(c Config) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if c.Version <= w.cfg.Version {
		return
	}
	w.cfg = c
	if h, ok := w.onChange.Load().(func(Config)); ok {
		h(c)
	}
}

func (w *ConfigWatcher) Current() Config {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cfg
}

// Proxy rebuilds its route table whenever the config changes.
type Proxy struct {
	watcher *ConfigWatcher
	table   atomic.Value // string
}

func NewProxy(w *ConfigWatcher) *Proxy {
	p := &Proxy{watcher: w}
	w.SetHandler(p.rebuild)
	return p
}

func (p *Proxy) rebuild(Config) {
	// The proxy always builds from the watcher's current config, not the one it was handed,
	// so that an out-of-order notification can never install a stale table.
	cur := p.watcher.Current()
	p.table.Store(strings.Join(cur.Routes, ","))
}

func TestProxyFollowsConfig(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		w := &ConfigWatcher{}
		p := NewProxy(w)
		w.Update(Config{Routes: []string{"/api", "/static"}, Version: 1})
		if got, _ := p.table.Load().(string); got != "/api,/static" {
			t.Errorf("table = %q", got)
		}
	})
}
