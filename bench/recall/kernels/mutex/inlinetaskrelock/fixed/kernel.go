package inlinetaskrelock

import (
	"errors"
	"sync"
)

var errUnavailable = errors.New("node unavailable; try another peer")

// TaskRunner runs work that must not outlive the server.
type TaskRunner interface {
	// RunTask runs f on the calling goroutine unless the server is stopping.
	RunTask(name string, f func()) error
	// RunAsyncTask runs f on a new goroutine that Stop waits for.
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
		return errUnavailable
	}
	defer s.tasks.Done()
	f()
	return nil
}

func (s *Stopper) RunAsyncTask(name string, f func()) error {
	if !s.enter() {
		return errUnavailable
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

type Gossip interface {
	AddInfo(key, value string)
}

type Replica struct {
	rangeID string
	stopper TaskRunner
	gossip  Gossip

	mu struct {
		sync.Mutex
		leaseholder bool
		leaseEpoch  int
	}
}

// AcquireLease makes this replica the leaseholder and tells the cluster.
func (r *Replica) AcquireLease() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.mu.leaseholder {
		return nil
	}
	r.mu.leaseholder = true
	r.mu.leaseEpoch++
	// The task needs r.mu, which we hold: it must not run on this goroutine.
	return r.stopper.RunAsyncTask("gossip-lease", func() { r.gossipLease() })
}

func (r *Replica) gossipLease() {
	r.mu.Lock()
	holder, epoch := r.mu.leaseholder, r.mu.leaseEpoch
	r.mu.Unlock()
	if holder {
		r.gossip.AddInfo("lease:"+r.rangeID, "n1@"+string(rune('0'+epoch)))
	}
}
