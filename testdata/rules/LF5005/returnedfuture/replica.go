package returnedfuture

import (
	"errors"
	"sync"
)

// A replica proposes a command to its apply loop and gets back a Future, an interface its own proposal type
// implements with a receive on the proposal's done channel. The apply loop locks the replica before it
// answers, so waiting on the future under that lock waits for ever.

type Future interface {
	Wait() error
}

type proposal struct {
	cmd  string
	done chan error
}

func (p *proposal) Wait() error { return <-p.done }

// noopFuture is what a rejected proposal gets back: it never blocks.
type noopFuture struct{ err error }

func (f noopFuture) Wait() error { return f.err }

var errNotLeader = errors.New("not leader")

type Replica struct {
	mu        sync.Mutex
	leader    bool
	applied   int
	proposals chan *proposal
}

func NewReplica() *Replica {
	r := &Replica{proposals: make(chan *proposal), leader: true}
	go r.applyLoop()
	return r
}

func (r *Replica) propose(cmd string) Future {
	p := &proposal{cmd: cmd, done: make(chan error, 1)}
	go func() { r.proposals <- p }()
	return p
}

// proposeChecked returns through another function of the package, and two concrete types.
func (r *Replica) proposeChecked(cmd string) (Future, error) {
	if !r.leader {
		return noopFuture{errNotLeader}, errNotLeader
	}
	return r.propose(cmd), nil
}

func (r *Replica) applyLoop() {
	for p := range r.proposals {
		r.mu.Lock()
		r.applied++
		r.mu.Unlock()
		p.done <- nil
	}
}

func (r *Replica) Put(cmd string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.propose(cmd)
	return f.Wait() // want `Put receives from f.done \(in Wait, line 21\) while holding r.mu .*applyLoop, which sends on or closes it, locks Replica.mu before it does`
}

func (r *Replica) PutChecked(cmd string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	f, err := r.proposeChecked(cmd)
	if err != nil {
		return err
	}
	return f.Wait() // want `PutChecked receives from f.done \(in Wait, line 21\) while holding r.mu`
}

// The fix: propose under the lock, wait after releasing it. Silent.
func (r *Replica) PutReleased(cmd string) error {
	r.mu.Lock()
	if !r.leader {
		r.mu.Unlock()
		return errNotLeader
	}
	f := r.propose(cmd)
	r.mu.Unlock()
	return f.Wait()
}

// A future handed in by the caller: its type is not known here. Silent.
func (r *Replica) WaitFor(f Future) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return f.Wait()
}

// A local given a future from outside the package's functions too (a parameter): not known. Silent.
func (r *Replica) PutOr(cmd string, fallback Future) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := fallback
	if r.leader {
		f = r.propose(cmd)
	}
	return f.Wait()
}

// Only the future that never blocks. Silent.
func (r *Replica) Reject() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := rejected()
	return f.Wait()
}

func rejected() Future { return noopFuture{errNotLeader} }
