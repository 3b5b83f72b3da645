package pipelinestageslice

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestScanStopsAtPartialFile(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewScanner("photos")
		names := []string{".stfolder", "a.jpg", "b.jpg.partial", "c.jpg", "d.jpg", "e.jpg"}
		if _, err := s.Scan(names); err == nil {
			t.Errorf("scan of a partial file succeeded")
		}
	})
}
