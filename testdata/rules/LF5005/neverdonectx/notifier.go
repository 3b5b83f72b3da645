package neverdonectx

import (
	"context"
	"sync"
)

// A notifier's loop gets the context.TODO() its constructor passes and hands it on to each subscriber's deliver: the
// select's ctx.Done() case is never taken, so deliver is a plain send made under n.mu, and a subscriber that stops
// reading calls Unsubscribe, which needs n.mu.
type subscriber struct {
	id  int
	out chan string
	n   *Notifier
}

func (s *subscriber) C() <-chan string { return s.out }

func (s *subscriber) Unsubscribe() { s.n.remove(s.id) }

func (s *subscriber) deliver(ctx context.Context, msg string) {
	select {
	case s.out <- msg:
	case <-ctx.Done():
	}
}

type Notifier struct {
	mu     sync.Mutex
	subs   map[int]*subscriber
	nextID int
	in     chan string
}

func NewNotifier() *Notifier {
	n := &Notifier{subs: map[int]*subscriber{}, in: make(chan string, 8)}
	go n.run(context.TODO())
	return n
}

func (n *Notifier) Subscribe() *subscriber {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.nextID++
	s := &subscriber{id: n.nextID, out: make(chan string), n: n}
	n.subs[s.id] = s
	return s
}

func (n *Notifier) remove(id int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if s, ok := n.subs[id]; ok {
		delete(n.subs, id)
		close(s.out)
	}
}

func (n *Notifier) Publish(msg string) { n.in <- msg }

func (n *Notifier) run(ctx context.Context) {
	for msg := range n.in {
		n.fanOut(ctx, msg)
	}
}

func (n *Notifier) fanOut(ctx context.Context, msg string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, s := range n.subs {
		s.deliver(ctx, msg) // want `fanOut sends on unbuffered s.out \(in deliver, line 23\) \(its select's other case waits on ctx.Done\(\), which is never done: it is context.TODO\(\) at line 37\) while holding n.mu`
	}
}
