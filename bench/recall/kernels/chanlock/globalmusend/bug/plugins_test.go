package globalmusend

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// The plugin table is package-level: drivers register themselves from anywhere in the process.
var (
	pluginsMu sync.Mutex
	plugins   = map[string]*Plugin{}
)

type Plugin struct {
	Name   string
	Kind   string
	active bool
}

func lookup(name string) (*Plugin, error) {
	pluginsMu.Lock()
	defer pluginsMu.Unlock()
	p, ok := plugins[name]
	if !ok {
		return nil, fmt.Errorf("plugin %q not found", name)
	}
	return p, nil
}

// Manager activates plugins on its own goroutine, in the order they were announced.
type Manager struct {
	announce  chan string
	activated []string
	done      chan struct{}
}

func NewManager() *Manager {
	m := &Manager{announce: make(chan string), done: make(chan struct{})}
	go m.loop()
	return m
}

func (m *Manager) loop() {
	defer close(m.done)
	for name := range m.announce {
		p, err := lookup(name)
		if err != nil {
			continue
		}
		p.active = true
		m.activated = append(m.activated, p.Name)
	}
}

// RegisterAll adds a batch of plugins atomically and announces each to the manager.
func RegisterAll(m *Manager, kind string, names ...string) {
	pluginsMu.Lock()
	defer pluginsMu.Unlock()
	for _, n := range names {
		plugins[n] = &Plugin{Name: n, Kind: kind}
		m.announce <- n
	}
}

func (m *Manager) Close() []string {
	close(m.announce)
	<-m.done
	return m.activated
}

func TestRegisterVolumeDrivers(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewManager()
		RegisterAll(m, "volume", "local", "nfs", "ceph")
		if got := m.Close(); len(got) != 3 {
			t.Errorf("activated = %v", got)
		}
	})
}
