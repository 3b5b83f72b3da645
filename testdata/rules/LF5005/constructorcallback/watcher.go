package constructorcallback

import "sync"

// The callback stored by an assignment in the value the constructor builds, and the owner's method passed as a
// plain method value from a method of the owner.
type watcher struct {
	events chan string
	stop   chan struct{}
	exited chan struct{}
	notify func(string)
}

func newWatcher(notify func(string)) *watcher {
	w := &watcher{events: make(chan string), stop: make(chan struct{}), exited: make(chan struct{})}
	w.notify = notify
	go w.loop()
	return w
}

func (w *watcher) loop() {
	defer close(w.exited)
	for {
		select {
		case e := <-w.events:
			w.notify(e)
		case <-w.stop:
			return
		}
	}
}

func (w *watcher) Stop() {
	close(w.stop)
	<-w.exited
}

type registry struct {
	mu    sync.RWMutex
	names map[string]bool
	w     *watcher
}

func (r *registry) start() {
	r.w = newWatcher(r.changed)
}

func (r *registry) changed(name string) {
	r.mu.Lock()
	r.names[name] = true
	r.mu.Unlock()
}

func (r *registry) Shutdown() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.w.Stop() // want `Shutdown receives from r.w.exited \(in Stop, line 35\) while holding r.mu`
	r.names = nil
}
