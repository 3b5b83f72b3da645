package inithookrelock

import (
	"sort"
	"sync"
)

// flushHooks run after every flush of a Store; packages register them from init.
var flushHooks []func(s *Store)

func RegisterFlushHook(h func(s *Store)) { flushHooks = append(flushHooks, h) }

func init() {
	RegisterFlushHook(recordSegmentStats)
}

// segmentsFlushed is exported as a metric by the stats hook.
var segmentsFlushed []int

func recordSegmentStats(s *Store) {
	segmentsFlushed = append(segmentsFlushed, s.SegmentCount())
}

// Store buffers writes in memory and flushes them into immutable segments.
type Store struct {
	mu       sync.Mutex
	memtable map[string]string
	segments [][]string
}

func NewStore() *Store { return &Store{memtable: make(map[string]string)} }

func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.memtable[k] = v
}

// Flush turns the memtable into a new segment and runs the flush hooks.
func (s *Store) Flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.memtable) == 0 {
		return
	}
	seg := make([]string, 0, len(s.memtable))
	for k := range s.memtable {
		seg = append(seg, k)
	}
	sort.Strings(seg)
	s.segments = append(s.segments, seg)
	s.memtable = make(map[string]string)
	s.runHooks()
}

func (s *Store) runHooks() {
	for _, h := range flushHooks {
		h(s)
	}
}

// SegmentCount reports how many segments the store holds.
func (s *Store) SegmentCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.segments)
}
