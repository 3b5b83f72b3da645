package destroywaitsunderlock

import (
	"sync"
)

type StateDB interface {
	PutAllocation(allocID, clientStatus string) error
	DeleteAllocationBucket(allocID string) error
}

type taskRunner struct {
	name   string
	killCh chan struct{}
	waitCh chan struct{}
}

func (tr *taskRunner) Run() {
	defer close(tr.waitCh)
	<-tr.killCh // the driver handle exits once killed
}

type allocRunner struct {
	id      string
	stateDB StateDB
	tasks   map[string]*taskRunner

	// waitCh is closed when Run has exited and all its goroutines have stopped.
	waitCh chan struct{}

	stateLock    sync.RWMutex
	clientStatus string

	destroyedLock   sync.Mutex
	destroyed       bool
	destroyLaunched bool
}

func NewAllocRunner(id string, db StateDB, tasks ...string) *allocRunner {
	ar := &allocRunner{id: id, stateDB: db, tasks: map[string]*taskRunner{}, waitCh: make(chan struct{}), clientStatus: "pending"}
	for _, name := range tasks {
		ar.tasks[name] = &taskRunner{name: name, killCh: make(chan struct{}), waitCh: make(chan struct{})}
	}
	return ar
}

func (ar *allocRunner) Run() {
	defer close(ar.waitCh)
	for _, tr := range ar.tasks {
		go tr.Run()
	}
	ar.setClientStatus("running")
	for _, tr := range ar.tasks {
		<-tr.waitCh
	}
	ar.setClientStatus("complete")

	// Persist the terminal state unless the alloc is being destroyed.
	if !ar.isDestroyed() {
		ar.stateDB.PutAllocation(ar.id, ar.clientStatusSnapshot())
	}
}

func (ar *allocRunner) setClientStatus(s string) {
	ar.stateLock.Lock()
	defer ar.stateLock.Unlock()
	ar.clientStatus = s
}

func (ar *allocRunner) clientStatusSnapshot() string {
	ar.stateLock.RLock()
	defer ar.stateLock.RUnlock()
	return ar.clientStatus
}

func (ar *allocRunner) isDestroyed() bool {
	ar.destroyedLock.Lock()
	defer ar.destroyedLock.Unlock()
	return ar.destroyed || ar.destroyLaunched
}

// Destroy kills all tasks, waits for Run to exit and removes the alloc's state.
func (ar *allocRunner) Destroy() {
	ar.destroyedLock.Lock()
	if ar.destroyed || ar.destroyLaunched {
		ar.destroyedLock.Unlock()
		return
	}
	ar.destroyLaunched = true
	ar.destroyedLock.Unlock()

	// Wait without destroyedLock: Run checks isDestroyed on its way out.
	for _, tr := range ar.tasks {
		close(tr.killCh)
	}
	<-ar.waitCh

	ar.destroyedLock.Lock()
	ar.destroyed = true
	ar.destroyedLock.Unlock()
	ar.stateDB.DeleteAllocationBucket(ar.id)
}
