package deferredsend

import "sync"

type taskState struct {
	state  string
	failed bool
}

// A task runner tells its alloc runner about each change on a channel the alloc runner made and handed to it.
type taskRunner struct {
	name      string
	stateLock sync.Mutex
	state     taskState
	updates   chan<- string
}

func (tr *taskRunner) TaskState() taskState {
	tr.stateLock.Lock()
	defer tr.stateLock.Unlock()
	return tr.state
}

// The deferred send is registered after the deferred unlock: it runs first, with the lock held.
func (tr *taskRunner) UpdateState(state string) {
	tr.stateLock.Lock()
	defer tr.stateLock.Unlock()
	defer func() { tr.updates <- tr.name }() // want `UpdateState sends on unbuffered tr.updates in a call deferred at line 28, after the deferred unlock, so it runs first, while holding tr.stateLock \(locked at line 26\), but run, which receives from it in a loop, locks taskRunner.stateLock between receives`
	tr.state.state = state
}

// The same through a deferred method that sends.
func (tr *taskRunner) notify() { tr.updates <- tr.name }

func (tr *taskRunner) Fail() {
	tr.stateLock.Lock()
	defer tr.stateLock.Unlock()
	defer tr.notify() // want `Fail sends on unbuffered tr.updates \(in notify, line 33\) in a call deferred at line 38`
	tr.state.failed = true
}

// An inline send under the lock: the loop locks every task's state (an element of its map) between receives.
func (tr *taskRunner) Restart() {
	tr.stateLock.Lock()
	defer tr.stateLock.Unlock()
	tr.state.state = "restarting"
	tr.updates <- tr.name // want `Restart sends on unbuffered tr.updates while holding tr.stateLock`
}

// Fixed: the send is deferred first, so it runs after the unlock. Silent.
func (tr *taskRunner) UpdateStateFixed(state string) {
	defer func() { tr.updates <- tr.name }()
	tr.stateLock.Lock()
	defer tr.stateLock.Unlock()
	tr.state.state = state
}

// Fixed: unlock, then send. Silent.
func (tr *taskRunner) SetState(state string) {
	tr.stateLock.Lock()
	tr.state.state = state
	tr.stateLock.Unlock()
	tr.updates <- tr.name
}

// Unlocked explicitly before the return: the deferred send runs without the lock. Silent.
func (tr *taskRunner) Kill() {
	defer tr.notify()
	tr.stateLock.Lock()
	tr.state.state = "dead"
	tr.stateLock.Unlock()
}

// A deferred send in a select with a way out. Silent.
func (tr *taskRunner) Poke(done <-chan struct{}) {
	tr.stateLock.Lock()
	defer tr.stateLock.Unlock()
	defer func() {
		select {
		case tr.updates <- tr.name:
		case <-done:
		}
	}()
	tr.state.state = "poked"
}

type allocRunner struct {
	tasks   map[string]*taskRunner
	updates chan string
	status  string
	stop    chan struct{}
}

func newAllocRunner(names ...string) *allocRunner {
	ar := &allocRunner{tasks: map[string]*taskRunner{}, updates: make(chan string), stop: make(chan struct{})}
	for _, n := range names {
		ar.tasks[n] = &taskRunner{name: n, updates: ar.updates}
	}
	go ar.run()
	return ar
}

func (ar *allocRunner) run() {
	for {
		select {
		case name := <-ar.updates:
			ar.handle(name)
		case <-ar.stop:
			return
		}
	}
}

// handle reads every task's state: each locks its own stateLock.
func (ar *allocRunner) handle(changed string) {
	status := "running"
	for name := range ar.tasks {
		if ar.tasks[name].TaskState().failed {
			status = "failed"
		}
	}
	ar.status = status
}

// A task whose channel is given a make of its own here and another type's field there: not one channel. Silent.
type worker struct {
	mu     sync.Mutex
	n      int
	events chan int
}

type hub struct {
	events chan int
	stop   chan struct{}
}

func newWorkers(h *hub) (*worker, *worker) {
	return &worker{events: h.events}, &worker{events: make(chan int)}
}

func (w *worker) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

func (w *worker) Bump() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.n++
	w.events <- w.n
}

func newHub() *hub {
	h := &hub{events: make(chan int), stop: make(chan struct{})}
	go h.loop(nil)
	return h
}

func (h *hub) loop(ws []*worker) {
	for {
		select {
		case <-h.events:
			for _, w := range ws {
				_ = w.count()
			}
		case <-h.stop:
			return
		}
	}
}
