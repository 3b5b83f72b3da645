package groupcopied

import (
	"sync"
	"time"
)

type Endpoint struct {
	Addr string
	Up   bool
}

type Prober struct {
	check func(addr string) bool
}

func (p *Prober) probe(ep *Endpoint, wg sync.WaitGroup) {
	defer wg.Done()
	start := time.Now()
	ep.Up = p.check(ep.Addr) && time.Since(start) < time.Second
}

// ProbeAll checks every endpoint in parallel and returns when all are done.
func (p *Prober) ProbeAll(eps []*Endpoint) {
	var wg sync.WaitGroup
	for _, ep := range eps {
		wg.Add(1)
		go p.probe(ep, wg)
	}
	wg.Wait()
}
