package waiting

import "sync"

// An agent whose checks deregister themselves on exit through a deferred call that locks: the deferred
// deregister runs before the deferred Done (defers run last in, first out), so a Shutdown holding the lock
// while it waits never sees Done.
type agent struct {
	mu     sync.Mutex
	checks map[string]bool
	stop   chan struct{}
	wg     sync.WaitGroup
}

func (a *agent) runCheck(id string) {
	defer a.wg.Done()
	defer a.deregister(id)
	<-a.stop
}

func (a *agent) deregister(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.checks, id)
}

func (a *agent) Shutdown() {
	a.mu.Lock()
	defer a.mu.Unlock()
	close(a.stop)
	a.wg.Wait() // want `Shutdown waits for a.wg while holding a.mu \(locked at line 28\), but runCheck, which calls a.wg.Done, locks agent.mu first \(line 17\)`
}

// Done deferred last runs first: the worker has called Done before its deferred cleanup locks. Silent.
type tidyAgent struct {
	mu     sync.Mutex
	checks map[string]bool
	stop   chan struct{}
	wg     sync.WaitGroup
}

func (a *tidyAgent) runCheck(id string) {
	defer a.deregister(id)
	defer a.wg.Done()
	<-a.stop
}

func (a *tidyAgent) deregister(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.checks, id)
}

func (a *tidyAgent) Shutdown() {
	a.mu.Lock()
	defer a.mu.Unlock()
	close(a.stop)
	a.wg.Wait()
}

// The handler locks only to Add, so that Add and the Wait under the same lock exclude each other: a goroutine
// that has not added yet is not waited for, and one that has never locks again. Silent.
type proxy struct {
	connsMu sync.Mutex
	conns   sync.WaitGroup
	closing chan struct{}
}

func (p *proxy) handle() {
	p.connsMu.Lock()
	p.conns.Add(1)
	p.connsMu.Unlock()
	defer p.conns.Done()
	<-p.closing
}

func (p *proxy) serve() {
	go p.handle()
}

func (p *proxy) Close() {
	close(p.closing)
	p.connsMu.Lock()
	p.conns.Wait()
	p.connsMu.Unlock()
}
