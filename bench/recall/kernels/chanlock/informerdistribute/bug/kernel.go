package informerdistribute

import (
	"sync"
	"time"
)

type notification struct {
	kind string
	key  string
}

type listener struct {
	addCh   chan notification
	handled []notification
	p       *processor
}

type processor struct {
	mu        sync.Mutex
	listeners []*listener
	resync    time.Duration
	wg        sync.WaitGroup
}

func (p *processor) addListener() *listener {
	l := &listener{addCh: make(chan notification), p: p}
	p.mu.Lock()
	p.listeners = append(p.listeners, l)
	p.mu.Unlock()
	p.wg.Add(1)
	go l.run()
	return l
}

func (l *listener) run() {
	defer l.p.wg.Done()
	for n := range l.addCh {
		l.p.mu.Lock()
		period := l.p.resync
		l.p.mu.Unlock()
		if period >= 0 {
			l.handled = append(l.handled, n)
		}
	}
}

func (p *processor) distribute(n notification) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.listeners {
		l.addCh <- n
	}
}

func (p *processor) stop() {
	p.mu.Lock()
	for _, l := range p.listeners {
		close(l.addCh)
	}
	p.mu.Unlock()
	p.wg.Wait()
}
