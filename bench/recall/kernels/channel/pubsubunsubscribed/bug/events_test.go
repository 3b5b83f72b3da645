package pubsubunsubscribed

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Event struct {
	Type string
	Data map[string]string
}

type Subscription struct {
	C      chan Event
	closed chan struct{}
	once   sync.Once
}

// Unsubscribe stops the subscription; the subscriber reads no more events.
func (s *Subscription) Unsubscribe() { s.once.Do(func() { close(s.closed) }) }

type Bus struct {
	mu     sync.Mutex
	subs   []*Subscription
	events chan Event
	stop   chan struct{}
	done   chan struct{}
}

func NewBus() *Bus {
	b := &Bus{events: make(chan Event), stop: make(chan struct{}), done: make(chan struct{})}
	go b.loop()
	return b
}

func (b *Bus) Subscribe() *Subscription {
	s := &Subscription{C: make(chan Event), closed: make(chan struct{})}
	b.mu.Lock()
	b.subs = append(b.subs, s)
	b.mu.Unlock()
	return s
}

func (b *Bus) loop() {
	defer close(b.done)
	for {
		select {
		case <-b.stop:
			return
		case ev := <-b.events:
			b.mu.Lock()
			subs := append([]*Subscription(nil), b.subs...)
			b.mu.Unlock()
			for _, s := range subs {
				s.C <- ev
			}
		}
	}
}

func (b *Bus) Publish(ev Event) { b.events <- ev }

func (b *Bus) Stop() {
	close(b.stop)
	<-b.done
}

func TestPublishAfterUnsubscribe(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		b := NewBus()
		s := b.Subscribe()
		got := make(chan Event)
		go func() {
			for {
				select {
				case ev := <-s.C:
					got <- ev
				case <-s.closed:
					return
				}
			}
		}()
		b.Publish(Event{Type: "FolderSummary"})
		<-got
		s.Unsubscribe()
		b.Publish(Event{Type: "ItemFinished"})
		b.Publish(Event{Type: "StateChanged"})
		b.Stop()
	})
}
