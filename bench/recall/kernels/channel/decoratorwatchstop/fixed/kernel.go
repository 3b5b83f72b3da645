package decoratorwatchstop

import "sync"

type EventType string

const (
	Added    EventType = "ADDED"
	Modified EventType = "MODIFIED"
	Deleted  EventType = "DELETED"
)

type Event struct {
	Type   EventType
	Object string
}

// Interface is what every watch returns.
type Interface interface {
	ResultChan() <-chan Event
	Stop()
}

// streamWatcher is a watch whose events were decoded off the wire into a buffer; its result
// channel is closed once it is stopped and the buffer is drained.
type streamWatcher struct {
	result chan Event
	stop   chan struct{}
	once   sync.Once
}

func newStreamWatcher(events []Event) *streamWatcher {
	w := &streamWatcher{result: make(chan Event, len(events)), stop: make(chan struct{})}
	for _, e := range events {
		w.result <- e
	}
	go w.closeOnStop()
	return w
}

func (w *streamWatcher) closeOnStop() {
	<-w.stop
	close(w.result)
}

func (w *streamWatcher) ResultChan() <-chan Event { return w.result }
func (w *streamWatcher) Stop()                    { w.once.Do(func() { close(w.stop) }) }

// FilterFunc decides whether an event is passed on, and may rewrite it.
type FilterFunc func(Event) (Event, bool)

// Filter returns a watch that passes on only the events f keeps.
func Filter(w Interface, f FilterFunc) Interface {
	fw := &filteredWatch{incoming: w, result: make(chan Event), f: f, stop: make(chan struct{})}
	go fw.loop()
	return fw
}

type filteredWatch struct {
	incoming Interface
	result   chan Event
	f        FilterFunc
	stop     chan struct{}
	once     sync.Once
}

func (fw *filteredWatch) ResultChan() <-chan Event { return fw.result }

// Stop stops the underlying watch and the forwarding loop.
func (fw *filteredWatch) Stop() {
	fw.once.Do(func() { close(fw.stop) })
	fw.incoming.Stop()
}

func (fw *filteredWatch) loop() {
	defer close(fw.result)
	for ev := range fw.incoming.ResultChan() {
		if out, keep := fw.f(ev); keep {
			select {
			case fw.result <- out:
			case <-fw.stop:
				return
			}
		}
	}
}

// WaitForModified waits until obj is modified and then stops the watch.
func WaitForModified(w Interface, obj string) bool {
	defer w.Stop()
	for ev := range w.ResultChan() {
		if ev.Object == obj {
			return true
		}
	}
	return false
}
