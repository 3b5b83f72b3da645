package donecallbackready

import (
	"fmt"
	"log"
	"sync"
)

type PluginInfo struct {
	Name       string
	Type       string
	APIVersion string
}

// launchOpts configures one plugin launch. Started is called once the plugin has been launched.
type launchOpts struct {
	Name    string
	Path    string
	Started func()
}

type plugin struct {
	opts launchOpts
	info PluginInfo
}

func (p *plugin) handshake() error {
	if p.opts.Path == "" {
		return fmt.Errorf("plugin %s: no executable", p.opts.Name)
	}
	p.info = PluginInfo{Name: p.opts.Name, Type: "driver", APIVersion: "0.1"}
	return nil
}

// Manager launches the agent's plugins and keeps the ones that came up.
type Manager struct {
	mu      sync.Mutex
	plugins map[string]*plugin
	failed  []string
}

func NewManager() *Manager { return &Manager{plugins: map[string]*plugin{}} }

func (m *Manager) launch(opts launchOpts) {
	go func() {
		p := &plugin{opts: opts}
		if err := p.handshake(); err != nil {
			log.Printf("plugin manager: %v", err)
			m.mu.Lock()
			m.failed = append(m.failed, opts.Name)
			m.mu.Unlock()
			opts.Started() // launched, if unsuccessfully: Run waits for every plugin
			return
		}
		m.mu.Lock()
		m.plugins[opts.Name] = p
		m.mu.Unlock()
		opts.Started()
	}()
}

// Run launches every configured plugin and returns once all of them have been launched.
func (m *Manager) Run(paths map[string]string) {
	var wg sync.WaitGroup
	for name, path := range paths {
		wg.Add(1)
		m.launch(launchOpts{Name: name, Path: path, Started: wg.Done})
	}
	wg.Wait()
}
