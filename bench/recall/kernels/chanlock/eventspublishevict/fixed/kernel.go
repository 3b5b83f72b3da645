package eventspublishevict

import (
	"sync"
	"time"
)

const eventsLimit = 256

type Message struct {
	Type     string
	Action   string
	ActorID  string
	TimeNano int64
}

type subscriber struct {
	ch   chan Message
	done chan struct{}
}

// Events is the daemon's event service: a ring of recent events plus live subscribers.
type Events struct {
	mu          sync.Mutex
	events      []Message
	subscribers map[chan Message]*subscriber
}

func New() *Events {
	return &Events{events: make([]Message, 0, eventsLimit), subscribers: map[chan Message]*subscriber{}}
}

// Subscribe returns the recent events and a channel for new ones (the `docker events` API handler).
func (e *Events) Subscribe() ([]Message, chan Message) {
	e.mu.Lock()
	defer e.mu.Unlock()
	current := make([]Message, len(e.events))
	copy(current, e.events)
	l := make(chan Message)
	e.subscribers[l] = &subscriber{ch: l, done: make(chan struct{})}
	return current, l
}

// Evict removes the subscriber when its client went away.
func (e *Events) Evict(l chan Message) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if sub, ok := e.subscribers[l]; ok {
		delete(e.subscribers, l)
		close(sub.done)
	}
}

// Log records a container event and publishes it to the subscribers.
func (e *Events) Log(action, eventType, actorID string) {
	jm := Message{Type: eventType, Action: action, ActorID: actorID, TimeNano: time.Now().UnixNano()}
	e.mu.Lock()
	if len(e.events) == cap(e.events) {
		copy(e.events, e.events[1:])
		e.events[len(e.events)-1] = jm
	} else {
		e.events = append(e.events, jm)
	}
	subs := make([]*subscriber, 0, len(e.subscribers))
	for _, sub := range e.subscribers {
		subs = append(subs, sub)
	}
	e.mu.Unlock()

	// Publish outside e.mu: Evict needs it to release a subscriber that stopped reading.
	for _, sub := range subs {
		select {
		case sub.ch <- jm:
		case <-sub.done:
		}
	}
}
