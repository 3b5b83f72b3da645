package publishunsubscribe

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Event struct {
	Topic string
	Seq   int
}

type Hub struct {
	mu   sync.Mutex
	subs []chan Event
}

func (h *Hub) Subscribe() <-chan Event {
	ch := make(chan Event)
	h.mu.Lock()
	h.subs = append(h.subs, ch)
	h.mu.Unlock()
	return ch
}

func (h *Hub) Unsubscribe(ch <-chan Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, s := range h.subs {
		if s == ch {
			h.subs = append(h.subs[:i], h.subs[i+1:]...)
			return
		}
	}
}

// Publish sends to a copy of the subscriber list, outside the lock, and skips subscribers gone meanwhile.
func (h *Hub) Publish(e Event) {
	h.mu.Lock()
	subs := append([]chan Event(nil), h.subs...)
	h.mu.Unlock()
	for _, s := range subs {
		select {
		case s <- e:
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func TestSubscriberLeaves(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		h := &Hub{}
		ch := h.Subscribe()
		done := make(chan struct{})
		go func() {
			defer close(done)
			<-ch // only wants the first event
			h.Unsubscribe(ch)
		}()
		h.Publish(Event{Topic: "a", Seq: 1})
		h.Publish(Event{Topic: "a", Seq: 2})
		<-done
	})
}
