package stopperunderlock

import (
	"sync"
	"time"
)

// Stopper runs workers and stops them together.
type Stopper struct {
	quiesce chan struct{}
	wg      sync.WaitGroup
}

func NewStopper() *Stopper { return &Stopper{quiesce: make(chan struct{})} }

func (s *Stopper) RunWorker(f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

func (s *Stopper) ShouldQuiesce() <-chan struct{} { return s.quiesce }

// Stop signals every worker and waits for them to return.
func (s *Stopper) Stop() {
	close(s.quiesce)
	s.wg.Wait()
}

// Replica gossips its state on every tick until it is closed.
type Replica struct {
	mu      sync.Mutex
	stopper *Stopper
	gossips int
	closed  bool
	ticks   <-chan time.Time
	// onClose runs in Close before the workers are stopped (a testing hook).
	onClose func()
}

func NewReplica(ticks <-chan time.Time) *Replica {
	return &Replica{stopper: NewStopper(), ticks: ticks}
}

func (r *Replica) Start() {
	r.stopper.RunWorker(func() {
		for {
			select {
			case <-r.ticks:
				r.mu.Lock()
				r.gossips++
				r.mu.Unlock()
			case <-r.stopper.ShouldQuiesce():
				return
			}
		}
	})
}

// Close stops the workers before it takes the lock.
func (r *Replica) Close() {
	if r.onClose != nil {
		r.onClose()
	}
	r.stopper.Stop()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
}
