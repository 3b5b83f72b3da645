package deferredsendunderlock

import (
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type TaskState struct {
	State    string
	Failed   bool
	Restarts int
	Events   []string
}

// StateDB persists task states; boltStateDB and memStateDB implement it.
type StateDB interface {
	PutTaskState(alloc, task string, st TaskState) error
}

type boltStateDB struct {
	mu   sync.Mutex
	path string
	rows map[string]TaskState
}

func (db *boltStateDB) PutTaskState(alloc, task string, st TaskState) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.rows[alloc+"/"+task] = st
	return nil
}

// memStateDB is the test database; latency stands for an fsync.
type memStateDB struct {
	latency time.Duration
	puts    int
}

func (db *memStateDB) PutTaskState(alloc, task string, st TaskState) error {
	time.Sleep(db.latency)
	db.puts++
	return nil
}

type taskRunner struct {
	name      string
	stateLock sync.Mutex
	state     TaskState
	// updates is the alloc runner's channel of changed task names.
	updates chan<- string
}

func (tr *taskRunner) TaskState() TaskState {
	tr.stateLock.Lock()
	defer tr.stateLock.Unlock()
	st := tr.state
	st.Events = append([]string(nil), tr.state.Events...)
	return st
}

// UpdateState records a transition and tells the alloc runner about it.
func (tr *taskRunner) UpdateState(state, event string) {
	tr.stateLock.Lock()
	tr.state.State = state
	tr.state.Events = append(tr.state.Events, event)
	if event == "restarting" {
		tr.state.Restarts++
	}
	if state == "dead" && event == "failed" {
		tr.state.Failed = true
	}
	tr.stateLock.Unlock()
	tr.updates <- tr.name
}

type allocRunner struct {
	id           string
	tasks        map[string]*taskRunner
	db           StateDB
	updates      chan string
	stateMu      sync.Mutex
	clientStatus string
	stop         chan struct{}
	done         chan struct{}
}

func newAllocRunner(id string, db StateDB, tasks ...string) *allocRunner {
	ar := &allocRunner{id: id, db: db, tasks: map[string]*taskRunner{}, updates: make(chan string),
		stop: make(chan struct{}), done: make(chan struct{})}
	for _, name := range tasks {
		ar.tasks[name] = &taskRunner{name: name, updates: ar.updates, state: TaskState{State: "pending"}}
	}
	go ar.run()
	return ar
}

func (ar *allocRunner) run() {
	defer close(ar.done)
	for {
		select {
		case name := <-ar.updates:
			ar.handleTaskStateUpdate(name)
		case <-ar.stop:
			return
		}
	}
}

// handleTaskStateUpdate persists the changed task and recomputes the alloc's status from every task.
func (ar *allocRunner) handleTaskStateUpdate(changed string) {
	ar.db.PutTaskState(ar.id, changed, ar.tasks[changed].TaskState())
	names := make([]string, 0, len(ar.tasks))
	for name := range ar.tasks {
		names = append(names, name)
	}
	sort.Strings(names)
	status := "running"
	for _, name := range names {
		st := ar.tasks[name].TaskState()
		if st.Failed {
			status = "failed"
		} else if st.State == "pending" && status != "failed" {
			status = "pending"
		}
	}
	ar.stateMu.Lock()
	ar.clientStatus = status
	ar.stateMu.Unlock()
}

func (ar *allocRunner) Shutdown() {
	close(ar.stop)
	<-ar.done
}

func TestTasksStart(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		ar := newAllocRunner("alloc-7", &memStateDB{latency: 50 * time.Millisecond}, "web", "envoy-sidecar")
		ar.tasks["web"].UpdateState("running", "started")
		ar.tasks["envoy-sidecar"].UpdateState("running", "started")
		ar.Shutdown()
	})
}
