package rlockthenlock

import "sync"

type Target struct {
	URL    string
	Labels map[string]string
}

type ScrapePool struct {
	mu      sync.RWMutex
	targets map[string]*Target
}

func NewScrapePool() *ScrapePool { return &ScrapePool{targets: map[string]*Target{}} }

// Target returns the pool's target for url, creating it on first use.
func (p *ScrapePool) Target(url string) *Target {
	p.mu.RLock()
	t, ok := p.targets[url]
	if !ok {
		t = p.add(url)
	}
	p.mu.RUnlock()
	return t
}

func (p *ScrapePool) add(url string) *Target {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t, ok := p.targets[url]; ok {
		return t
	}
	t := &Target{URL: url, Labels: map[string]string{"instance": url}}
	p.targets[url] = t
	return t
}
