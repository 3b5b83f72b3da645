package writeafterdone

import (
	"sync"
	"time"
)

// PartStats is what one scan worker reports.
type PartStats struct {
	Rows int
	Took time.Duration
}

// ScanParts scans the parts of a table in parallel and returns each part's statistics and the total
// time spent, as a distributed SQL flow collects the stats of its processors.
func ScanParts(parts [][]int) ([]PartStats, time.Duration) {
	stats := make([]PartStats, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Add(1)
		go func(i int, part []int) {
			defer wg.Done()
			start := time.Now()
			defer func() { stats[i].Took = time.Since(start) }()
			for range part {
				stats[i].Rows++
			}
		}(i, part)
	}
	wg.Wait()
	var total time.Duration
	for i := range stats {
		total += stats[i].Took
	}
	return stats, total
}
