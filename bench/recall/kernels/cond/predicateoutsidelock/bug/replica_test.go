package predicateoutsidelock

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Replica struct {
	mu          sync.Mutex
	cond        *sync.Cond
	initialized atomic.Bool
	// testingKnobs.beforeWait runs between the check and the wait.
	beforeWait func()
}

func NewReplica() *Replica {
	r := &Replica{}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func (r *Replica) ApplySnapshot() {
	r.mu.Lock()
	r.initialized.Store(true)
	r.cond.Broadcast()
	r.mu.Unlock()
}

// WaitInitialized blocks until the replica has applied its first snapshot.
func (r *Replica) WaitInitialized() {
	if !r.initialized.Load() {
		if r.beforeWait != nil {
			r.beforeWait()
		}
		r.mu.Lock()
		r.cond.Wait()
		r.mu.Unlock()
	}
}

func TestSnapshotDuringWait(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewReplica()
		r.beforeWait = func() {
			r.ApplySnapshot() // raft delivers the snapshot just now
		}
		r.WaitInitialized()
	})
}
