package writeafterdone

import "testing"

func TestScanParts(t *testing.T) {
	parts := make([][]int, 6)
	for i := range parts {
		parts[i] = make([]int, 1000*(i+1))
	}
	stats, total := ScanParts(parts)
	for i, s := range stats {
		if s.Rows != len(parts[i]) {
			t.Fatalf("part %d: %d rows, want %d", i, s.Rows, len(parts[i]))
		}
	}
	if total < 0 {
		t.Fatalf("negative total %v", total)
	}
}
