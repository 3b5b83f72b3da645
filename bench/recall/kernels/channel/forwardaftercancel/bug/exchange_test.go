package forwardaftercancel

import (
	"strings"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Envelope struct {
	Namespace string
	Topic     string
	Event     string
}

// forward copies the envelopes of src that match into dst until src is closed.
func forward(src <-chan Envelope, dst chan<- Envelope, match func(Envelope) bool) {
	defer close(dst)
	for env := range src {
		if !match(env) {
			continue
		}
		dst <- env
	}
}

type Subscription struct {
	C    <-chan Envelope
	in   chan Envelope
	ex   *Exchange
	once sync.Once
}

// Cancel removes the subscription from the exchange and ends its forwarder.
func (s *Subscription) Cancel() {
	s.once.Do(func() {
		s.ex.remove(s.in)
		close(s.in)
	})
}

// Exchange fans published envelopes out to its subscribers.
type Exchange struct {
	mu      sync.Mutex
	subs    []chan Envelope
	dropped int
}

func (e *Exchange) Subscribe(prefix string) *Subscription {
	in := make(chan Envelope, 16)
	out := make(chan Envelope)
	e.mu.Lock()
	e.subs = append(e.subs, in)
	e.mu.Unlock()
	go forward(in, out, func(env Envelope) bool { return strings.HasPrefix(env.Topic, prefix) })
	return &Subscription{C: out, in: in, ex: e}
}

func (e *Exchange) remove(in chan Envelope) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, c := range e.subs {
		if c == in {
			e.subs = append(e.subs[:i], e.subs[i+1:]...)
			return
		}
	}
}

// Publish never blocks: a subscriber whose queue is full loses the envelope.
func (e *Exchange) Publish(env Envelope) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.subs {
		select {
		case c <- env:
		default:
			e.dropped++
		}
	}
}

// waitForExit returns once the task's exit event arrives.
func waitForExit(sub *Subscription, id string) {
	defer sub.Cancel()
	for env := range sub.C {
		if env.Event == "exit "+id {
			return
		}
	}
}

func TestWaitForExit(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		ex := &Exchange{}
		sub := ex.Subscribe("/tasks/")
		ex.Publish(Envelope{Namespace: "default", Topic: "/tasks/start", Event: "start redis"})
		ex.Publish(Envelope{Namespace: "default", Topic: "/tasks/exit", Event: "exit redis"})
		ex.Publish(Envelope{Namespace: "default", Topic: "/tasks/delete", Event: "delete redis"})
		waitForExit(sub, "redis")
	})
}
