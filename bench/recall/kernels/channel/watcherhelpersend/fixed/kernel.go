package watcherhelpersend

import "sync"

type Event struct{ Key string }

// Watcher delivers the events of one watch to its client.
type Watcher struct {
	mu      sync.Mutex
	input   chan Event
	result  chan Event
	done    chan struct{}
	stopped bool
}

// NewWatcher starts delivering: first the initial events, then whatever is queued with Add.
func NewWatcher(initial []Event) *Watcher {
	w := &Watcher{input: make(chan Event, 16), result: make(chan Event), done: make(chan struct{})}
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
		close(w.done)
		close(w.input)
	}
}

// push gives up once the watch is stopped: the client may no longer read.
func (w *Watcher) push(ev Event) {
	select {
	case w.result <- ev:
	case <-w.done:
	}
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
