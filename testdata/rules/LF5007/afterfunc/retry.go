package afterfunc

import (
	"sync"
	"time"
)

// A retry scheduler: each pending retry is a timer whose callback is counted in wg, waited for by Close.
type scheduler struct {
	mu     sync.Mutex
	timers map[string]*time.Timer
	wg     sync.WaitGroup
	fired  int
}

func newScheduler() *scheduler { return &scheduler{timers: map[string]*time.Timer{}} }

func (s *scheduler) After(id string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.timers[id]; ok && old.Stop() {
		s.wg.Done()
	}
	s.wg.Add(1)
	s.timers[id] = time.AfterFunc(d, func() {
		defer s.wg.Done()
		s.fire(id)
	})
}

func (s *scheduler) fire(id string) {
	s.mu.Lock()
	delete(s.timers, id)
	s.fired++
	s.mu.Unlock()
}

// Stop's result is thrown away: a stopped callback never calls Done.
func (s *scheduler) Cancel(id string) {
	s.mu.Lock()
	t, ok := s.timers[id]
	delete(s.timers, id)
	s.mu.Unlock()
	if ok {
		t.Stop() // want `this stops a timer whose time.AfterFunc callback calls s.wg.Done \(line 26\) and throws Stop's result away`
	}
}

// The same over every pending timer.
func (s *scheduler) CancelAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.timers {
		t.Stop() // want `this stops a timer whose time.AfterFunc callback calls s.wg.Done`
	}
}

// Fixed: Done when Stop stopped the callback. Silent.
func (s *scheduler) CancelFixed(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.timers[id]; ok && t.Stop() {
		s.wg.Done()
	}
	delete(s.timers, id)
}

func (s *scheduler) Close() { s.wg.Wait() }

// A timer whose callback counts nothing: stopping it skips nothing. Silent.
type debouncer struct {
	timer *time.Timer
	wg    sync.WaitGroup
	n     int
}

func (d *debouncer) Trigger() {
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(time.Second, func() { d.n++ })
}

func (d *debouncer) Close() { d.wg.Wait() }

// The result is kept and acted on. Silent.
type flusher struct {
	timer *time.Timer
	wg    sync.WaitGroup
}

func (f *flusher) Schedule() {
	f.wg.Add(1)
	f.timer = time.AfterFunc(time.Second, func() { defer f.wg.Done() })
}

func (f *flusher) Cancel() {
	if stopped := f.timer.Stop(); stopped {
		f.wg.Done()
	}
}

func (f *flusher) Close() { f.wg.Wait() }
