package watchmuxstop

import "sync"

type Event struct{ Key string }

type Watcher struct {
	result chan Event
	m      *Mux
	id     int
}

func (w *Watcher) ResultChan() <-chan Event { return w.result }

func (w *Watcher) Stop() {
	w.m.lock.Lock()
	defer w.m.lock.Unlock()
	if _, ok := w.m.watchers[w.id]; ok {
		delete(w.m.watchers, w.id)
		close(w.result)
	}
}

type Mux struct {
	lock     sync.Mutex
	watchers map[int]*Watcher
	incoming chan Event
	next     int
	done     chan struct{}
}

func NewMux() *Mux {
	m := &Mux{watchers: map[int]*Watcher{}, incoming: make(chan Event), done: make(chan struct{})}
	go m.loop()
	return m
}

func (m *Mux) Watch() *Watcher {
	m.lock.Lock()
	defer m.lock.Unlock()
	w := &Watcher{result: make(chan Event), m: m, id: m.next}
	m.next++
	m.watchers[w.id] = w
	return w
}

func (m *Mux) Action(e Event) { m.incoming <- e }

func (m *Mux) Shutdown() {
	close(m.incoming)
	<-m.done
}

func (m *Mux) loop() {
	defer close(m.done)
	for e := range m.incoming {
		m.distribute(e)
	}
}

func (m *Mux) distribute(e Event) {
	m.lock.Lock()
	defer m.lock.Unlock()
	for _, w := range m.watchers {
		w.result <- e
	}
}
