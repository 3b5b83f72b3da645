package addlenskip

import "sync"

type Plugin struct {
	Name     string
	Disabled bool
	active   bool
}

func (p *Plugin) activate() { p.active = true }

// ActivateAll activates every enabled plugin in parallel and waits for all of them.
func ActivateAll(plugins []*Plugin) {
	var wg sync.WaitGroup
	for _, p := range plugins {
		if p.Disabled {
			continue
		}
		wg.Add(1)
		go func(p *Plugin) {
			defer wg.Done()
			p.activate()
		}(p)
	}
	wg.Wait()
}
