package spantreeorder

import (
	"sync"
	"time"
)

// testingPause, when set, runs while a span operation holds the span's own lock.
var testingPause = func(op string) {}

type Span struct {
	operation string
	parent    *Span
	start     time.Time

	mu struct {
		sync.Mutex
		finished         bool
		duration         time.Duration
		events           []string
		children         []*Span
		childrenFinished int
		childDuration    time.Duration
	}
}

func StartSpan(op string) *Span { return &Span{operation: op, start: time.Now()} }

func (s *Span) StartChild(op string) *Span {
	c := &Span{operation: op, parent: s, start: time.Now()}
	s.mu.Lock()
	s.mu.children = append(s.mu.children, c)
	s.mu.Unlock()
	return c
}

func (s *Span) Record(event string) {
	s.mu.Lock()
	s.mu.events = append(s.mu.events, event)
	s.mu.Unlock()
}

// Finish ends the span and folds its duration into its parent.
// The child's lock is released before the parent's is taken: locks are only ever taken
// from a parent down to its children.
func (s *Span) Finish() {
	s.mu.Lock()
	if s.mu.finished {
		s.mu.Unlock()
		return
	}
	s.mu.finished = true
	s.mu.duration = time.Since(s.start)
	d := s.mu.duration
	testingPause("finish")
	s.mu.Unlock()
	if s.parent != nil {
		s.parent.childFinished(d)
	}
}

func (s *Span) childFinished(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mu.childrenFinished++
	s.mu.childDuration += d
}

// Recording returns the events of the span and of all its descendants.
func (s *Span) Recording() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := []string{s.operation}
	for _, e := range s.mu.events {
		rec = append(rec, "  "+e)
	}
	testingPause("recording")
	for _, c := range s.mu.children {
		rec = append(rec, c.Recording()...)
	}
	return rec
}
