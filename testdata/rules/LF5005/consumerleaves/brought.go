package consumerleaves

import "sync"

// A store whose watchers bring their own channel (watch stores it): the store sends each write to every watcher
// under its lock. The caller's goroutine consumes the channel; once it stops receiving (to cancel) the buffer fills,
// and the next write waits with the lock held, while cancel waits for that lock.
type watchResp struct{ rev int64 }

type watcher struct {
	key string
	ch  chan<- watchResp
}

func (w *watcher) send(r watchResp) { w.ch <- r }

type store struct {
	mu       sync.Mutex
	rev      int64
	watchers map[*watcher]struct{}
}

func (s *store) put(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rev++
	s.notify(key) // want `put sends on w\.ch \(its buffer of 1 fills once a consumer stops receiving\) \(in notify → send, line 15\) while holding s\.mu \(locked at line 24\); the channel is brought by the package's callers, whose goroutines consume it, and their way to stop, cancel, which removes it from the list the send ranges over`
}

func (s *store) notify(key string) {
	for w := range s.watchers {
		if w.key == key {
			w.send(watchResp{rev: s.rev})
		}
	}
}

func (s *store) watch(key string, ch chan<- watchResp) *watcher {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &watcher{key: key, ch: ch}
	s.watchers[w] = struct{}{}
	return w
}

func (s *store) cancel(w *watcher) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.watchers, w)
}

func serveWatch(s *store) {
	ch := make(chan watchResp, 1)
	w := s.watch("k", ch)
	go func() {
		<-ch
		s.cancel(w)
	}()
}

// The fix: never block under the lock; a full channel drops the watcher's event (it resyncs later).
type dropWatcher struct {
	key string
	ch  chan<- watchResp
}

func (w *dropWatcher) send(r watchResp) bool {
	select {
	case w.ch <- r:
		return true
	default:
		return false
	}
}

type dropStore struct {
	mu       sync.Mutex
	watchers map[*dropWatcher]struct{}
}

func (s *dropStore) put(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for w := range s.watchers {
		if w.key == key && !w.send(watchResp{}) {
			delete(s.watchers, w)
		}
	}
}

func (s *dropStore) watch(key string, ch chan<- watchResp) *dropWatcher {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &dropWatcher{key: key, ch: ch}
	s.watchers[w] = struct{}{}
	return w
}

func (s *dropStore) cancel(w *dropWatcher) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.watchers, w)
}

func serveDropWatch(s *dropStore) {
	ch := make(chan watchResp, 1)
	w := s.watch("k", ch)
	go func() {
		<-ch
		s.cancel(w)
	}()
}

// Negative: the package's own loop consumes the channel its callers bring, never taking the lock: it drains.
type loopWatcher struct {
	ch chan watchResp
}

type loopStore struct {
	mu       sync.Mutex
	watchers map[*loopWatcher]struct{}
	seen     int64
}

func (s *loopStore) put() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for w := range s.watchers {
		w.ch <- watchResp{}
	}
}

func (s *loopStore) watch(ch chan watchResp) *loopWatcher {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &loopWatcher{ch: ch}
	s.watchers[w] = struct{}{}
	go w.drain()
	return w
}

func (w *loopWatcher) drain() {
	for range w.ch {
	}
}

func (s *loopStore) cancel(w *loopWatcher) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.watchers, w)
}

func serveLoopWatch(s *loopStore) { s.watch(make(chan watchResp, 1)) }

// Negative: a watcher made here with a fresh buffer gets its first event at once: the buffer is empty, the send
// cannot wait (etcd's v2 watcher hub sending the event a new watcher asked for from history).
type HistWatcher struct {
	eventCh chan watchResp
}

func (w *HistWatcher) EventChan() chan watchResp { return w.eventCh }

type Hub struct {
	mu       sync.Mutex
	watchers map[*HistWatcher]struct{}
	last     *watchResp
}

func (h *Hub) Watch() *HistWatcher {
	h.mu.Lock()
	defer h.mu.Unlock()
	w := &HistWatcher{eventCh: make(chan watchResp, 100)}
	if h.last != nil {
		w.eventCh <- *h.last
		return w
	}
	h.watchers[w] = struct{}{}
	return w
}

func (h *Hub) Remove(w *HistWatcher) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.watchers, w)
	close(w.eventCh)
}
