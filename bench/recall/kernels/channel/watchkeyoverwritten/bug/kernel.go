package watchkeyoverwritten

import "sync"

type Event struct {
	Key, Value string
}

// Hub fans out key updates to watchers. Close ends every watch by closing its channel.
type Hub struct {
	mu      sync.Mutex
	watches map[string]chan Event
	closed  bool
}

func NewHub() *Hub { return &Hub{watches: make(map[string]chan Event)} }

// Watch returns a channel of updates to key; it is closed when the hub closes.
func (h *Hub) Watch(key string) <-chan Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch := make(chan Event, 8)
	if h.closed {
		close(ch)
		return ch
	}
	h.watches[key] = ch
	return ch
}

// Put delivers an update to the watcher of key, dropping it when the watcher is behind.
func (h *Hub) Put(key, value string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if ch, ok := h.watches[key]; ok {
		select {
		case ch <- Event{Key: key, Value: value}:
		default:
		}
	}
}

func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for key, ch := range h.watches {
		close(ch)
		delete(h.watches, key)
	}
}

// Informer keeps a local copy of the keys it watches.
type Informer struct {
	mu    sync.Mutex
	cache map[string]string
	wg    sync.WaitGroup
}

func NewInformer() *Informer { return &Informer{cache: make(map[string]string)} }

func (i *Informer) Follow(h *Hub, key string) {
	ch := h.Watch(key)
	i.wg.Add(1)
	go func() {
		defer i.wg.Done()
		for ev := range ch {
			i.mu.Lock()
			i.cache[ev.Key] = ev.Value
			i.mu.Unlock()
		}
	}()
}

// Wait returns once every followed watch has ended.
func (i *Informer) Wait() { i.wg.Wait() }
