package consumerleaves

import "sync"

// An event service that publishes under its lock, selecting on each subscriber's channel or on its done channel.
// The channel is handed out (Subscribe returns the local it stores), so a subscriber's client may stop reading at
// any time; then only Evict, which closes done, ends the select, and Evict needs the lock the publisher holds.
type listener struct {
	ch   chan string
	done chan struct{}
}

type Events struct {
	mu        sync.Mutex
	listeners map[chan string]*listener
}

func (e *Events) Subscribe() chan string {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := make(chan string)
	e.listeners[l] = &listener{ch: l, done: make(chan struct{})}
	return l
}

func (e *Events) Evict(l chan string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if sub, ok := e.listeners[l]; ok {
		delete(e.listeners, l)
		close(sub.done)
	}
}

func (e *Events) Log(msg string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, sub := range e.listeners {
		select { // want `Log selects on sub\.ch and sub\.done, and only Evict can end any of its cases: Log receives from sub\.done while holding e\.mu \(locked at line 36\), but Evict, which sends on or closes it, locks Events\.mu before it does`
		case sub.ch <- msg:
		case <-sub.done:
		}
	}
}

// The fix: take the subscribers under the lock, publish after releasing it.
type copyListener struct {
	ch   chan string
	done chan struct{}
}

type CopyingEvents struct {
	mu        sync.Mutex
	listeners map[chan string]*copyListener
}

func (e *CopyingEvents) Subscribe() chan string {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := make(chan string)
	e.listeners[l] = &copyListener{ch: l, done: make(chan struct{})}
	return l
}

func (e *CopyingEvents) Evict(l chan string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if sub, ok := e.listeners[l]; ok {
		delete(e.listeners, l)
		close(sub.done)
	}
}

func (e *CopyingEvents) Log(msg string) {
	e.mu.Lock()
	subs := make([]*copyListener, 0, len(e.listeners))
	for _, sub := range e.listeners {
		subs = append(subs, sub)
	}
	e.mu.Unlock()
	for _, sub := range subs {
		select {
		case sub.ch <- msg:
		case <-sub.done:
		}
	}
}

// Negative: the subscriber closes its own done without the service's lock (its Close), so a client that stops
// reading ends the select without waiting for the publisher.
type ownListener struct {
	ch   chan string
	done chan struct{}
	once sync.Once
}

func (l *ownListener) Close() { l.once.Do(func() { close(l.done) }) }

type OwnDoneEvents struct {
	mu        sync.Mutex
	listeners map[chan string]*ownListener
}

func (e *OwnDoneEvents) Subscribe() (chan string, func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := make(chan string)
	sub := &ownListener{ch: l, done: make(chan struct{})}
	e.listeners[l] = sub
	return l, sub.Close
}

func (e *OwnDoneEvents) Evict(l chan string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.listeners, l)
}

func (e *OwnDoneEvents) Log(msg string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, sub := range e.listeners {
		select {
		case sub.ch <- msg:
		case <-sub.done:
		}
	}
}

// Negative: a select with default drops the event for a subscriber that is not reading.
type dropListener struct {
	ch   chan string
	done chan struct{}
}

type DroppingEvents struct {
	mu        sync.Mutex
	listeners map[chan string]*dropListener
}

func (e *DroppingEvents) Subscribe() chan string {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := make(chan string)
	e.listeners[l] = &dropListener{ch: l, done: make(chan struct{})}
	return l
}

func (e *DroppingEvents) Evict(l chan string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if sub, ok := e.listeners[l]; ok {
		delete(e.listeners, l)
		close(sub.done)
	}
}

func (e *DroppingEvents) Log(msg string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, sub := range e.listeners {
		select {
		case sub.ch <- msg:
		case <-sub.done:
		default:
		}
	}
}
