package channels

import (
	"errors"
	"sync"
)

// One worker per key, fed through an unbuffered channel kept in a map: the worker returns once a key is done,
// but the channel stays in the map, so the next update for that key blocks for ever.

var errDone = errors.New("done")

type update struct {
	key string
	gen int
}

type workers struct {
	mu      sync.Mutex
	updates map[string]chan update
	handle  func(update) error
}

func (w *workers) loop(in <-chan update) {
	for u := range in {
		if err := w.handle(u); errors.Is(err, errDone) {
			return
		}
	}
}

func (w *workers) Update(u update) {
	w.mu.Lock()
	ch, ok := w.updates[u.key]
	if !ok {
		ch = make(chan update)
		w.updates[u.key] = ch
		go w.loop(ch)
	}
	w.mu.Unlock()
	ch <- u // want `this send on a channel kept in the map updates blocks for ever once its worker workers.loop has returned from its loop receiving from it \(return at line \d+\)`
}

func (w *workers) Forget(key string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if ch, ok := w.updates[key]; ok {
		close(ch)
		delete(w.updates, key)
	}
}

// Fixed: the worker removes its channel from the map when it returns (through a helper).
type tidyWorkers struct {
	mu      sync.Mutex
	updates map[string]chan update
	handle  func(update) error
}

func (w *tidyWorkers) loop(key string, in <-chan update) {
	defer w.forget(key)
	for u := range in {
		if err := w.handle(u); errors.Is(err, errDone) {
			return
		}
	}
}

func (w *tidyWorkers) forget(key string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.updates, key)
}

func (w *tidyWorkers) Update(u update) {
	w.mu.Lock()
	ch, ok := w.updates[u.key]
	if !ok {
		ch = make(chan update)
		w.updates[u.key] = ch
		go w.loop(u.key, ch)
	}
	w.mu.Unlock()
	ch <- u
}

// Fixed the other way: the worker keeps receiving until the channel is closed.
type drainingWorkers struct {
	mu      sync.Mutex
	updates map[string]chan update
	handle  func(update) error
}

func (w *drainingWorkers) loop(in <-chan update) {
	finished := false
	for u := range in {
		if finished {
			continue
		}
		if err := w.handle(u); errors.Is(err, errDone) {
			finished = true
		}
	}
}

func (w *drainingWorkers) Update(u update) {
	w.mu.Lock()
	ch, ok := w.updates[u.key]
	if !ok {
		ch = make(chan update)
		w.updates[u.key] = ch
		go w.loop(ch)
	}
	w.mu.Unlock()
	ch <- u
}

// The senders never block: a full or gone worker drops the update.
type droppingWorkers struct {
	mu      sync.Mutex
	updates map[string]chan update
	handle  func(update) error
}

func (w *droppingWorkers) loop(in <-chan update) {
	for u := range in {
		if err := w.handle(u); err != nil {
			return
		}
	}
}

func (w *droppingWorkers) Update(u update) bool {
	w.mu.Lock()
	ch, ok := w.updates[u.key]
	if !ok {
		ch = make(chan update)
		w.updates[u.key] = ch
		go w.loop(ch)
	}
	w.mu.Unlock()
	select {
	case ch <- u:
		return true
	default:
		return false
	}
}
