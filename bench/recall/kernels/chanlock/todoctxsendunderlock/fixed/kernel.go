package todoctxsendunderlock

import (
	"context"
	"sync"
)

type EventType string

type Event struct {
	Type   EventType
	Object string
}

type watcher struct {
	id     int
	stopCh chan struct{}
	result chan Event
	b      *Broadcaster
	filter func(Event) bool
}

func (w *watcher) ResultChan() <-chan Event { return w.result }

// Stop unregisters the watcher; its consumer calls it when it no longer wants events.
func (w *watcher) Stop() {
	close(w.stopCh) // unblocks a send in progress, which holds the broadcaster's lock
	w.b.stopWatching(w.id)
}

// send delivers ev unless the context ends first.
func (w *watcher) send(ctx context.Context, ev Event) error {
	select {
	case w.result <- ev:
		return nil
	case <-w.stopCh:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Broadcaster fans the events of its incoming queue out to every watcher.
type Broadcaster struct {
	mu       sync.Mutex
	watchers map[int]*watcher
	nextID   int
	incoming chan Event
}

func NewBroadcaster() *Broadcaster {
	b := &Broadcaster{watchers: map[int]*watcher{}, incoming: make(chan Event, 16)}
	go b.loop(context.TODO())
	return b
}

func (b *Broadcaster) Watch(filter func(Event) bool) *watcher {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	w := &watcher{id: b.nextID, stopCh: make(chan struct{}), result: make(chan Event), b: b, filter: filter}
	b.watchers[w.id] = w
	return w
}

func (b *Broadcaster) stopWatching(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if w, ok := b.watchers[id]; ok {
		delete(b.watchers, id)
		close(w.result)
	}
}

func (b *Broadcaster) Action(t EventType, obj string) { b.incoming <- Event{Type: t, Object: obj} }

func (b *Broadcaster) loop(ctx context.Context) {
	for ev := range b.incoming {
		b.distribute(ctx, ev)
	}
}

func (b *Broadcaster) distribute(ctx context.Context, ev Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, w := range b.watchers {
		if w.filter != nil && !w.filter(ev) {
			continue
		}
		_ = w.send(ctx, ev)
	}
}
