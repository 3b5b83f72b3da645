package fieldconsumer

import (
	"strings"
	"sync"
)

// A forwarder copies a subscription's queue into its unbuffered output with plain sends; the output is handed out
// only as the subscription's field C, and a consumer leaves its range over C at the event it waited for: the
// forwarder's next send has no receiver, and the Cancel that closes the queue cannot reach a goroutine parked
// on a send.

type event struct {
	topic string
	body  string
}

func forward(src <-chan event, dst chan<- event, match func(event) bool) {
	defer close(dst)
	for ev := range src {
		if match(ev) {
			dst <- ev
		}
	}
}

type subscription struct {
	C    <-chan event
	in   chan event
	once sync.Once
}

func (s *subscription) Cancel() { s.once.Do(func() { close(s.in) }) }

type exchange struct {
	mu   sync.Mutex
	subs []chan event
}

func (e *exchange) Subscribe(prefix string) *subscription {
	in := make(chan event, 16)
	out := make(chan event)
	e.mu.Lock()
	e.subs = append(e.subs, in)
	e.mu.Unlock()
	go forward(in, out, func(ev event) bool { return strings.HasPrefix(ev.topic, prefix) }) // want `the goroutine running fieldconsumer.forward sends on out in a loop without a select, and Subscribe gives out away only as the field C, whose consumer waitFor can leave its loop receiving from it early \(return at line \d+\)`
	return &subscription{C: out, in: in}
}

func waitFor(sub *subscription, body string) {
	defer sub.Cancel()
	for ev := range sub.C {
		if ev.body == body {
			return
		}
	}
}

// The same with a literal producer and the field assigned after construction; the consumer selects on a stop and
// breaks out of its loop.
type feed struct {
	updates chan string
	stop    chan struct{}
}

func newFeed(items []string) *feed {
	f := &feed{stop: make(chan struct{})}
	ch := make(chan string)
	go func() { // the producer
		for _, it := range items {
			ch <- it // want `this goroutine sends on ch in a loop without a select, and newFeed gives ch away only as the field updates, whose consumer firstMatch can leave its loop receiving from it early \(break at line \d+\)`
		}
		close(ch)
	}()
	f.updates = ch
	return f
}

func firstMatch(f *feed, want string) bool {
	found := false
	for {
		u, ok := <-f.updates
		if !ok {
			break
		}
		if u == want {
			found = true
			break
		}
	}
	return found
}

// Fixed: the forwarder selects on a done channel the subscription closes when it is cancelled.
func forwardUntil(src <-chan event, dst chan<- event, done <-chan struct{}) {
	defer close(dst)
	for ev := range src {
		select {
		case dst <- ev:
		case <-done:
			return
		}
	}
}

type stoppable struct {
	C    <-chan event
	done chan struct{}
}

func (s *stoppable) Cancel() { close(s.done) }

func subscribeStoppable(in chan event) *stoppable {
	out := make(chan event)
	done := make(chan struct{})
	go forwardUntil(in, out, done)
	return &stoppable{C: out, done: done}
}

func waitForStoppable(s *stoppable, body string) {
	defer s.Cancel()
	for ev := range s.C {
		if ev.body == body {
			return
		}
	}
}

// Every consumer drains the field to the end: nothing is left behind.
type stream struct {
	C <-chan event
}

func openStream(in chan event) *stream {
	out := make(chan event)
	go forward(in, out, func(event) bool { return true })
	return &stream{C: out}
}

func count(s *stream) int {
	n := 0
	for range s.C {
		n++
	}
	return n
}

// A consumer that breaks, then drains the rest: the producer is served to its end.
type drained struct {
	C <-chan event
}

func openDrained(in chan event) *drained {
	out := make(chan event)
	go forward(in, out, func(event) bool { return true })
	return &drained{C: out}
}

func firstThenDrain(d *drained) event {
	var first event
	for ev := range d.C {
		first = ev
		break
	}
	for range d.C {
	}
	return first
}

// A buffered output: not this rule's concern (the producer does not wait for each receive).
type buffered struct {
	C <-chan event
}

func openBuffered(in chan event) *buffered {
	out := make(chan event, 64)
	go forward(in, out, func(event) bool { return true })
	return &buffered{C: out}
}

func firstBuffered(b *buffered) event {
	for ev := range b.C {
		return ev
	}
	return event{}
}

// The channel also goes somewhere else (returned beside the field): consumers we cannot see.
type split struct {
	C <-chan event
}

func openSplit(in chan event) (*split, <-chan event) {
	out := make(chan event)
	go forward(in, out, func(event) bool { return true })
	return &split{C: out}, out
}

func firstSplit(s *split) event {
	for ev := range s.C {
		return ev
	}
	return event{}
}
