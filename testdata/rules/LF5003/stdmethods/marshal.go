package stdmethods

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// Stats marshal themselves under their read lock; Reset logs the old values while it holds the write lock, and
// json.Marshal calls MarshalJSON, which read-locks the same mutex.
type rpcStats struct {
	mu    sync.RWMutex
	calls map[string]int
}

func (s *rpcStats) MarshalJSON() ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return json.Marshal(s.calls)
}

func (s *rpcStats) Reset() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := json.Marshal(s) // want `this call reaches an RLock of s.mu \(through MarshalJSON, which json.Marshal calls on s\) while Reset still holds it locked`
	s.calls = map[string]int{}
	return old, err
}

// An encoder does the same.
func (s *rpcStats) Dump(w io.Writer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return json.NewEncoder(w).Encode(s) // want `through MarshalJSON, which json.Encoder.Encode calls on s`
}

// A journal that formats into itself: Fprintf calls its Write, which takes the lock Record holds.
type journal struct {
	mu    sync.Mutex
	lines []string
}

func (j *journal) Write(p []byte) (int, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.lines = append(j.lines, string(p))
	return len(p), nil
}

func (j *journal) Record(op string, n int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fmt.Fprintf(j, "%s %d\n", op, n) // want `this call reaches a Lock of j.mu \(through Write, which fmt.Fprintf calls on j\)`
}

// The fixes: marshal after unlocking, marshal a copy taken under the lock, or format into a buffer first.
func (s *rpcStats) ResetFixed() ([]byte, error) {
	old, err := json.Marshal(s)
	s.mu.Lock()
	s.calls = map[string]int{}
	s.mu.Unlock()
	return old, err
}

func (s *rpcStats) Snapshot() ([]byte, error) {
	s.mu.RLock()
	calls := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		calls[k] = v
	}
	s.mu.RUnlock()
	return json.Marshal(calls)
}

func (j *journal) RecordFixed(op string, n int) {
	line := fmt.Sprintf("%s %d\n", op, n)
	j.Write([]byte(line))
}

// A value whose marshalling takes no lock, marshalled under another lock.
type point struct{ X, Y int }

func (p *point) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("[%d,%d]", p.X, p.Y)), nil }

type track struct {
	mu     sync.Mutex
	points []*point
}

func (t *track) Encode(w io.Writer) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, p := range t.points {
		if err := json.NewEncoder(w).Encode(p); err != nil {
			return err
		}
	}
	return nil
}
