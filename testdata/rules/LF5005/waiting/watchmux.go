package waiting

import "sync"

type event struct{ key string }

// A watch mux distributes each event to every watcher under its lock; a watcher's consumer that stops
// reading calls Stop, which needs the same lock to remove the watcher.
type muxWatcher struct {
	result chan event
	m      *mux
	id     int
}

func (w *muxWatcher) ResultChan() <-chan event { return w.result }

func (w *muxWatcher) Stop() {
	w.m.lock.Lock()
	defer w.m.lock.Unlock()
	delete(w.m.watchers, w.id)
	close(w.result)
}

type mux struct {
	lock     sync.Mutex
	watchers map[int]*muxWatcher
	next     int
}

func (m *mux) Watch() *muxWatcher {
	m.lock.Lock()
	defer m.lock.Unlock()
	w := &muxWatcher{result: make(chan event), m: m, id: m.next}
	m.next++
	m.watchers[w.id] = w
	return w
}

func (m *mux) distribute(e event) {
	m.lock.Lock()
	defer m.lock.Unlock()
	for _, w := range m.watchers {
		w.result <- e // want `distribute sends on unbuffered w\.result while holding m\.lock \(locked at line 40\); the channel is handed to consumers outside the package, and their way to stop, Stop`
	}
}

// Negative: the fix gives each watcher a stop channel the send selects on, closed before Stop takes the lock.
type safeWatcher struct {
	result  chan event
	stopped chan struct{}
	m       *safeMux
	id      int
}

func (w *safeWatcher) ResultChan() <-chan event { return w.result }

func (w *safeWatcher) Stop() {
	close(w.stopped)
	w.m.lock.Lock()
	defer w.m.lock.Unlock()
	delete(w.m.watchers, w.id)
	close(w.result)
}

type safeMux struct {
	lock     sync.Mutex
	watchers map[int]*safeWatcher
}

func (m *safeMux) Watch(id int) *safeWatcher {
	m.lock.Lock()
	defer m.lock.Unlock()
	w := &safeWatcher{result: make(chan event), stopped: make(chan struct{}), m: m, id: id}
	m.watchers[id] = w
	return w
}

func (m *safeMux) distribute(e event) {
	m.lock.Lock()
	defer m.lock.Unlock()
	for _, w := range m.watchers {
		select {
		case w.result <- e:
		case <-w.stopped:
		}
	}
}

// Negative: the channel stays inside the package (no accessor hands it out); its loop drains until closed.
type innerSub struct {
	ch chan event
	m  *innerMux
}

func (s *innerSub) close() {
	s.m.lock.Lock()
	defer s.m.lock.Unlock()
	close(s.ch)
}

type innerMux struct {
	lock sync.Mutex
	subs []*innerSub
}

func (m *innerMux) publish(e event) {
	m.lock.Lock()
	defer m.lock.Unlock()
	for _, s := range m.subs {
		s.ch <- e
	}
}

func (m *innerMux) add() *innerSub {
	s := &innerSub{ch: make(chan event), m: m}
	m.lock.Lock()
	m.subs = append(m.subs, s)
	m.lock.Unlock()
	go func() {
		for range s.ch {
		}
	}()
	return s
}
