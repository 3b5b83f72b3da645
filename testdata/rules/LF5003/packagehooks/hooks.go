package packagehooks

import (
	"sort"
	"sync"
)

// A storage engine runs the flush hooks other files of the package register from init while it holds the
// store's lock; the stats hook asks the store how many segments it has, which takes that lock again.
var flushHooks []func(s *Store)

func RegisterFlushHook(h func(s *Store)) { flushHooks = append(flushHooks, h) }

func init() {
	RegisterFlushHook(recordSegmentStats)
	RegisterFlushHook(func(s *Store) { flushed++ })
}

var (
	segmentsFlushed []int
	flushed         int
)

func recordSegmentStats(s *Store) {
	segmentsFlushed = append(segmentsFlushed, s.SegmentCount())
}

type Store struct {
	mu       sync.Mutex
	memtable map[string]string
	segments [][]string
}

func (s *Store) Flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	seg := make([]string, 0, len(s.memtable))
	for k := range s.memtable {
		seg = append(seg, k)
	}
	sort.Strings(seg)
	s.segments = append(s.segments, seg)
	s.memtable = map[string]string{}
	for _, h := range flushHooks {
		h(s) // want `this call reaches a Lock of s.mu \(through recordSegmentStats → SegmentCount\) while Flush still holds it`
	}
}

func (s *Store) SegmentCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.segments)
}

// A hook registered as a literal, and kept in a map of hooks by name: the literal locks through its parameter.
var compactHooks = map[string]func(s *Store){}

func registerCompactHook(name string, h func(s *Store)) { compactHooks[name] = h }

func init() {
	registerCompactHook("size", func(s *Store) {
		_ = s.SegmentCount() // want `reaches a Lock of s.mu \(through SegmentCount\) while Compact still holds it`
	})
}

func (s *Store) Compact(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h, ok := compactHooks[name]; ok {
		h(s)
	}
}

// One function in a package variable, set in init.
var onEvict func(s *Store)

func init() { onEvict = logEviction }

func logEviction(s *Store) { _ = s.SegmentCount() }

func (s *Store) Evict() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.segments = s.segments[1:]
	onEvict(s) // want `reaches a Lock of s.mu \(through logEviction → SegmentCount\) while Evict`
}
