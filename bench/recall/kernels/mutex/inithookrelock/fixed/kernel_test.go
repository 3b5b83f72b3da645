package inithookrelock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestFlushRecordsStats(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		segmentsFlushed = nil
		s := NewStore()
		s.Put("a", "1")
		s.Put("b", "2")
		s.Flush()
		if s.SegmentCount() != 1 || len(segmentsFlushed) != 1 {
			t.Errorf("segments = %d, stats = %v", s.SegmentCount(), segmentsFlushed)
		}
	})
}
