package waitunderlock

import (
	"sync"
	"time"
)

type Check struct {
	ID       string
	Interval time.Duration
}

type Agent struct {
	mu       sync.Mutex
	checks   map[string]Check
	stopCh   chan struct{}
	wg       sync.WaitGroup
	shutdown bool
}

func NewAgent() *Agent { return &Agent{checks: map[string]Check{}, stopCh: make(chan struct{})} }

func (a *Agent) AddCheck(c Check) {
	a.mu.Lock()
	a.checks[c.ID] = c
	a.mu.Unlock()
	a.wg.Add(1)
	go a.runCheck(c)
}

func (a *Agent) runCheck(c Check) {
	defer a.wg.Done()
	defer a.deregister(c.ID)
	t := time.NewTicker(c.Interval)
	defer t.Stop()
	for {
		select {
		case <-a.stopCh:
			return
		case <-t.C:
		}
	}
}

func (a *Agent) deregister(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.checks, id)
}

// Shutdown stops every check and waits for them.
func (a *Agent) Shutdown() {
	a.mu.Lock()
	if a.shutdown {
		a.mu.Unlock()
		return
	}
	a.shutdown = true
	close(a.stopCh)
	a.mu.Unlock()
	a.wg.Wait()
}
