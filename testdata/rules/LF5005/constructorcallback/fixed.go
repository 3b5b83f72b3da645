package constructorcallback

import (
	"sync"
	"sync/atomic"
)

// The fix: take the balancer out under the lock, close it after releasing the lock.
type fixedConn struct {
	mu     sync.Mutex
	picked string
	closed bool
	lb     balancer
}

func dialFixed() *fixedConn {
	c := &fixedConn{}
	c.lb = newRoundRobin(c.setPicked)
	return c
}

func (c *fixedConn) setPicked(addr string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.picked = addr
}

func (c *fixedConn) Close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	lb := c.lb
	c.mu.Unlock()
	lb.Close()
}

// A callback that takes no lock: stopping the watcher under the lock is harmless.
type counter struct {
	mu   sync.Mutex
	seen atomic.Int64
	w    *lockFreeWatcher
}

type lockFreeWatcher struct {
	events chan string
	stop   chan struct{}
	exited chan struct{}
	notify func(string)
}

func newLockFreeWatcher(notify func(string)) *lockFreeWatcher {
	w := &lockFreeWatcher{events: make(chan string), stop: make(chan struct{}), exited: make(chan struct{}), notify: notify}
	go w.loop()
	return w
}

func (w *lockFreeWatcher) loop() {
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

func (w *lockFreeWatcher) Stop() {
	close(w.stop)
	<-w.exited
}

func newCounter() *counter {
	c := &counter{}
	c.w = newLockFreeWatcher(c.count)
	return c
}

func (c *counter) count(string) { c.seen.Add(1) }

func (c *counter) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.w.Stop()
}

// Callbacks not followed (yet): a literal given to the constructor, and a method value a second constructor passes
// on. Each field then holds values we cannot name, and nothing is said, though both Stops under o.mu would deadlock.
type opaqueWatcher struct {
	events chan string
	stop   chan struct{}
	exited chan struct{}
	notify func(string)
}

func newOpaqueWatcher(notify func(string)) *opaqueWatcher {
	w := &opaqueWatcher{events: make(chan string), stop: make(chan struct{}), exited: make(chan struct{}), notify: notify}
	go w.loop()
	return w
}

func newOpaqueWatcherVia(notify func(string)) *opaqueWatcher { return newOpaqueWatcher(notify) }

func (w *opaqueWatcher) loop() {
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

func (w *opaqueWatcher) Stop() {
	close(w.stop)
	<-w.exited
}

type literalOwner struct {
	mu    sync.Mutex
	names []string
	a, b  *opaqueWatcher
}

func newLiteralOwner() *literalOwner {
	o := &literalOwner{}
	o.a = newOpaqueWatcher(func(name string) {
		o.mu.Lock()
		o.names = append(o.names, name)
		o.mu.Unlock()
	})
	o.b = newOpaqueWatcherVia(o.add)
	return o
}

func (o *literalOwner) add(name string) {
	o.mu.Lock()
	o.names = append(o.names, name)
	o.mu.Unlock()
}

func (o *literalOwner) Close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.a.Stop()
	o.b.Stop()
}

// A constructor the package never calls: its callbacks come from other packages.
type exportedWatcher struct {
	events chan string
	stop   chan struct{}
	exited chan struct{}
	notify func(string)
}

func NewExportedWatcher(notify func(string)) *exportedWatcher {
	w := &exportedWatcher{events: make(chan string), stop: make(chan struct{}), exited: make(chan struct{}), notify: notify}
	go w.loop()
	return w
}

func (w *exportedWatcher) loop() {
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

func (w *exportedWatcher) Stop() {
	close(w.stop)
	<-w.exited
}

type user struct {
	mu sync.Mutex
	w  *exportedWatcher
}

func (u *user) Close() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.w.Stop()
}
