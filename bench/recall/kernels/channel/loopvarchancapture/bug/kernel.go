package loopvarchancapture

import (
	"sync"
	"time"
)

type EventType int

const (
	Added EventType = iota
	Modified
	Deleted
)

type Event struct {
	Type EventType
	Key  string
	Rev  int64
}

// Watcher receives the events of one prefix. Its channel holds one event: a slow watcher delays only
// its own delivery goroutine, never the notifier.
type Watcher struct {
	id     int
	prefix string
	ch     chan Event
}

func (w *Watcher) Events() <-chan Event { return w.ch }

type Notifier struct {
	mu       sync.Mutex
	nextID   int
	watchers map[int]*Watcher
	sent     int
	lastSend time.Time
}

func NewNotifier() *Notifier { return &Notifier{watchers: map[int]*Watcher{}} }

func (n *Notifier) Watch(prefix string) *Watcher {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.nextID++
	w := &Watcher{id: n.nextID, prefix: prefix, ch: make(chan Event, 1)}
	n.watchers[w.id] = w
	return w
}

func (n *Notifier) Cancel(w *Watcher) {
	n.mu.Lock()
	defer n.mu.Unlock()
	delete(n.watchers, w.id)
}

func (n *Notifier) matching(key string) []*Watcher {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []*Watcher
	for _, w := range n.watchers {
		if len(key) >= len(w.prefix) && key[:len(w.prefix)] == w.prefix {
			out = append(out, w)
		}
	}
	return out
}

// Notify delivers ev to every matching watcher and waits until each has it queued.
func (n *Notifier) Notify(ev Event) {
	var wg sync.WaitGroup
	for _, w := range n.matching(ev.Key) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.ch <- ev
		}()
	}
	wg.Wait()
	n.mu.Lock()
	n.sent++
	n.lastSend = time.Now()
	n.mu.Unlock()
}
