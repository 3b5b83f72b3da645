package valuereceiver

import "sync"

// A revision waiters wait on; Bump is declared on a value receiver, so its increment lands on a copy.
type Revision struct {
	mu   *sync.Mutex
	cond *sync.Cond
	rev  int64
}

func NewRevision() *Revision {
	mu := &sync.Mutex{}
	return &Revision{mu: mu, cond: sync.NewCond(mu)}
}

func (r Revision) Bump() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rev++ // want `Bump has a value receiver, so it changes r.rev of its own copy and then calls Broadcast \(line 21\) on the Cond it shares with the original: the goroutines waiting in WaitAtLeast \(line 35\)`
	r.cond.Broadcast()
	return r.rev
}

func (r *Revision) Set(n int64) {
	r.mu.Lock()
	r.rev = n
	r.cond.Broadcast()
	r.mu.Unlock()
}

func (r *Revision) WaitAtLeast(want int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.rev < want {
		r.cond.Wait()
	}
}

// A gate whose Open, on a value receiver, sets the flag of a copy and wakes one waiter.
type gate struct {
	mu   *sync.Mutex
	cond *sync.Cond
	open bool
	hits struct{ n int }
}

func (g gate) Open() {
	g.mu.Lock()
	g.open = true // want `Open has a value receiver, so it changes g.open of its own copy and then calls Signal`
	g.mu.Unlock()
	g.cond.Signal()
}

// A nested struct value of the copy is the copy's too.
func (g gate) Count() {
	g.mu.Lock()
	g.hits.n++ // want `Count has a value receiver, so it changes g.hits.n of its own copy`
	g.cond.Broadcast()
	g.mu.Unlock()
}

func (g *gate) Wait() {
	g.mu.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.mu.Unlock()
}
