package afterfuncstopskipsdone

import (
	"errors"
	"sync"
	"time"
)

var ErrClosed = errors.New("scheduler closed")

// Syncer pushes one service's local state to the catalog.
type Syncer interface {
	SyncService(id string) error
}

// RetryScheduler retries failed syncs after a delay, one pending retry per service.
type RetryScheduler struct {
	syncer Syncer

	mu      sync.Mutex
	timers  map[string]*time.Timer
	closed  bool
	retries map[string]int

	wg sync.WaitGroup // in-flight and pending callbacks, waited for by Close
}

func NewRetryScheduler(s Syncer) *RetryScheduler {
	return &RetryScheduler{syncer: s, timers: map[string]*time.Timer{}, retries: map[string]int{}}
}

// After schedules a retry of id after d, replacing any pending one.
func (s *RetryScheduler) After(id string, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if old, ok := s.timers[id]; ok && old.Stop() {
		s.wg.Done()
	}
	s.wg.Add(1)
	s.timers[id] = time.AfterFunc(d, func() {
		defer s.wg.Done()
		s.fire(id)
	})
	return nil
}

func (s *RetryScheduler) fire(id string) {
	s.mu.Lock()
	delete(s.timers, id)
	s.retries[id]++
	s.mu.Unlock()
	if err := s.syncer.SyncService(id); err != nil {
		s.After(id, time.Second)
	}
}

// Cancel drops id's pending retry (the service was deregistered).
func (s *RetryScheduler) Cancel(id string) {
	s.mu.Lock()
	t, ok := s.timers[id]
	delete(s.timers, id)
	s.mu.Unlock()
	if ok && t.Stop() {
		s.wg.Done() // the callback will never run to count itself done
	}
}

// Close stops pending retries and waits for running ones.
func (s *RetryScheduler) Close() {
	s.mu.Lock()
	s.closed = true
	for id, t := range s.timers {
		if t.Stop() {
			s.wg.Done()
		}
		delete(s.timers, id)
	}
	s.mu.Unlock()
	s.wg.Wait()
}

type countingSyncer struct {
	mu    sync.Mutex
	calls map[string]int
}

func (c *countingSyncer) SyncService(id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[id]++
	return nil
}
