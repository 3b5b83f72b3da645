package interfacerunner

import (
	"errors"
	"sync"
)

var errStopping = errors.New("stopping")

// TaskRunner runs work that must not outlive the server.
type TaskRunner interface {
	// RunTask runs f on the calling goroutine unless the server is stopping.
	RunTask(name string, f func()) error
	// RunAsyncTask runs f on a goroutine of its own that Stop waits for.
	RunAsyncTask(name string, f func()) error
}

type Stopper struct {
	mu       sync.Mutex
	stopping bool
	tasks    sync.WaitGroup
}

func (s *Stopper) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	s.tasks.Add(1)
	return true
}

func (s *Stopper) RunTask(name string, f func()) error {
	if !s.enter() {
		return errStopping
	}
	defer s.tasks.Done()
	f()
	return nil
}

func (s *Stopper) RunAsyncTask(name string, f func()) error {
	if !s.enter() {
		return errStopping
	}
	go func() {
		defer s.tasks.Done()
		f()
	}()
	return nil
}

func (s *Stopper) Stop() {
	s.mu.Lock()
	s.stopping = true
	s.mu.Unlock()
	s.tasks.Wait()
}

type Replica struct {
	rangeID string
	stopper TaskRunner
	peers   []*Replica

	mu struct {
		sync.Mutex
		leaseholder bool
		epoch       int
	}
}

func (r *Replica) gossipLease() {
	r.mu.Lock()
	defer r.mu.Unlock()
	_ = r.mu.epoch
}

// The task runs on this goroutine, inside RunTask, while r.mu is held: gossipLease waits for it for ever.
func (r *Replica) AcquireLease() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.mu.leaseholder {
		return nil
	}
	r.mu.leaseholder = true
	r.mu.epoch++
	return r.stopper.RunTask("gossip-lease", func() { r.gossipLease() }) // want `this call reaches a Lock of r.mu.Mutex \(through gossipLease\) while AcquireLease still holds it locked since line 81`
}

// The same with the lock taken in the task itself.
func (r *Replica) Transfer() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mu.leaseholder = false
	return r.stopper.RunTask("transfer", func() {
		r.mu.Lock() // want `r.mu.Mutex is locked again here while Transfer still holds it locked since line 93`
		r.mu.epoch++
		r.mu.Unlock()
	})
}

// The fix: a goroutine of its own waits for the lock until AcquireLease has returned. Silent.
func (r *Replica) AcquireLeaseAsync() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mu.leaseholder = true
	return r.stopper.RunAsyncTask("gossip-lease", func() { r.gossipLease() })
}

// Or the task runs after the unlock. Silent.
func (r *Replica) AcquireLeaseThenGossip() error {
	r.mu.Lock()
	r.mu.leaseholder = true
	r.mu.Unlock()
	return r.stopper.RunTask("gossip-lease", func() { r.gossipLease() })
}

// A task that takes no lock of r. Silent.
func (r *Replica) Count() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	return r.stopper.RunTask("count", func() { n++ })
}

// Another replica's lock: not the one held here (lock order is LF5004's). Silent.
func (r *Replica) NotifyPeers() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.peers {
		peer := p
		if err := r.stopper.RunTask("notify", func() { peer.gossipLease() }); err != nil {
			return err
		}
	}
	return nil
}
