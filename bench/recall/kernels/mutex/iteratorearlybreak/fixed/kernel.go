package iteratorearlybreak

import "sync"

type Sample struct {
	T int64
	V float64
}

// Head is the in-memory block: appends take the write lock, readers the read lock.
type Head struct {
	mu     sync.RWMutex
	series map[string][]Sample
}

func NewHead() *Head { return &Head{series: map[string][]Sample{}} }

func (h *Head) Append(series string, s Sample) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.series[series] = append(h.series[series], s)
}

// Iterator walks one series under the head's read lock. The lock is released when Next
// reaches the end or when Close is called.
type Iterator struct {
	h       *Head
	samples []Sample
	i       int
	closed  bool
}

func (h *Head) Iterator(series string) *Iterator {
	h.mu.RLock()
	return &Iterator{h: h, samples: h.series[series], i: -1}
}

func (it *Iterator) Next() bool {
	if it.closed {
		return false
	}
	it.i++
	if it.i >= len(it.samples) {
		it.Close()
		return false
	}
	return true
}

func (it *Iterator) At() Sample { return it.samples[it.i] }

func (it *Iterator) Close() {
	if !it.closed {
		it.closed = true
		it.h.mu.RUnlock()
	}
}

// FirstAbove returns the first sample of series above threshold.
func FirstAbove(h *Head, series string, threshold float64) (Sample, bool) {
	it := h.Iterator(series)
	defer it.Close()
	for it.Next() {
		if s := it.At(); s.V > threshold {
			return s, true
		}
	}
	return Sample{}, false
}

// Count returns how many samples series holds.
func Count(h *Head, series string) int {
	n := 0
	for it := h.Iterator(series); it.Next(); {
		n++
	}
	return n
}
