package proposalfuturewait

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var errNotLeaseholder = errors.New("not lease holder")

// Future is the outcome of a proposal.
type Future interface {
	Wait() error
}

type proposal struct {
	cmd  string
	done chan error
}

func (p *proposal) Wait() error { return <-p.done }

type Replica struct {
	proposals chan *proposal

	mu struct {
		sync.Mutex
		leaseholder  bool
		appliedIndex int
		data         map[string]string
	}
}

func NewReplica() *Replica {
	r := &Replica{proposals: make(chan *proposal, 16)}
	r.mu.data = map[string]string{}
	r.mu.leaseholder = true
	return r
}

func (r *Replica) propose(cmd string) Future {
	p := &proposal{cmd: cmd, done: make(chan error, 1)}
	r.proposals <- p
	return p
}

// applyLoop applies committed proposals in order.
func (r *Replica) applyLoop() {
	for p := range r.proposals {
		p.done <- r.apply(p.cmd)
	}
}

func (r *Replica) apply(cmd string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mu.appliedIndex++
	r.mu.data[cmd] = "applied"
	return nil
}

// Put proposes a write and waits until it is applied. The lease check and the proposal happen
// under one critical section so no other replica can take the lease in between.
func (r *Replica) Put(key, value string) error {
	r.mu.Lock()
	if !r.mu.leaseholder {
		r.mu.Unlock()
		return errNotLeaseholder
	}
	f := r.propose(key + "=" + value)
	r.mu.Unlock() // the apply loop needs r.mu before it can answer
	return f.Wait()
}

func (r *Replica) AppliedIndex() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.mu.appliedIndex
}

func TestPutWaitsForApply(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewReplica()
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); r.applyLoop() }()
		if err := r.Put("/table/53/1", "v1"); err != nil {
			t.Error(err)
		}
		if got := r.AppliedIndex(); got != 1 {
			t.Errorf("applied index = %d", got)
		}
		close(r.proposals)
		wg.Wait()
	})
}
