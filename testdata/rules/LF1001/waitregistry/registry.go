package waitregistry

import (
	"errors"
	"log"
	"sync"
)

// A wait registry keyed by request ID: requesters wait with a plain receive, and the apply step must trigger
// every ID it is given. One that logs an error and returns leaves its requester waiting for ever.

type registry struct {
	mu sync.Mutex
	m  map[uint64]chan interface{}
}

func (w *registry) Register(id uint64) <-chan interface{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch := make(chan interface{}, 1)
	w.m[id] = ch
	return ch
}

func (w *registry) Trigger(id uint64, x interface{}) {
	w.mu.Lock()
	ch := w.m[id]
	delete(w.m, id)
	w.mu.Unlock()
	if ch != nil {
		ch <- x
		close(ch)
	}
}

type entry struct {
	id  uint64
	key string
}

type server struct {
	w     *registry
	propc chan entry
	data  map[string]bool
}

func newServer() *server {
	return &server{w: &registry{m: map[uint64]chan interface{}{}}, propc: make(chan entry, 16), data: map[string]bool{}}
}

func (s *server) apply(e entry) {
	if e.key == "" {
		log.Printf("entry %d: empty key", e.id)
		return // want `apply triggers the waiter registered for e.id \(line \d+\), but this return skips the trigger`
	}
	s.data[e.key] = true
	s.w.Trigger(e.id, nil)
}

func (s *server) Put(id uint64, key string) error {
	ch := s.w.Register(id)
	s.propc <- entry{id: id, key: key}
	if err, ok := (<-ch).(error); ok {
		return err
	}
	return nil
}

// Fixed: every path triggers, the error as the result.
func (s *server) applyFixed(e entry) {
	if e.key == "" {
		s.w.Trigger(e.id, errors.New("empty key"))
		return
	}
	s.data[e.key] = true
	s.w.Trigger(e.id, nil)
}

// The early path hands the entry to a helper that triggers it.
func (s *server) applyDelegating(e entry) {
	if e.key == "" {
		s.reject(e)
		return
	}
	s.w.Trigger(e.id, nil)
}

func (s *server) reject(e entry) {
	s.w.Trigger(e.id, errors.New("rejected"))
}
