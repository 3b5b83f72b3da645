package watcherhelpersend

import "sync"

type Event struct{ Key string }

// Watcher delivers the events of one watch to its client.
type Watcher struct {
	mu      sync.Mutex
	input   chan Event
	result  chan Event
	stopped bool
}

// NewWatcher starts delivering: first the initial events, then whatever is queued with Add.
func NewWatcher(initial []Event) *Watcher {
	w := &Watcher{input: make(chan Event, 16), result: make(chan Event)}
	go w.deliver(initial)
	return w
}

func (w *Watcher) ResultChan() <-chan Event { return w.result }

// Add queues an event for the client.
func (w *Watcher) Add(ev Event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.stopped {
		w.input <- ev
	}
}

// Stop ends the watch.
func (w *Watcher) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.stopped {
		w.stopped = true
		close(w.input)
	}
}

func (w *Watcher) push(ev Event) {
	w.result <- ev
}

func (w *Watcher) deliver(initial []Event) {
	defer close(w.result)
	for _, ev := range initial {
		w.push(ev)
	}
	for {
		ev, ok := <-w.input
		if !ok {
			return
		}
		w.push(ev)
	}
}
