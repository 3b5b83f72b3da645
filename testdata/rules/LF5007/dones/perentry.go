package dones

import "sync"

// Counted per point, started per shard: points that share a shard make fewer Done calls than the count.

type point struct {
	shard uint64
	value float64
}

func writePoints(points []point, write func(uint64, []point)) {
	byShard := map[uint64][]point{}
	for _, p := range points {
		byShard[p.shard] = append(byShard[p.shard], p)
	}
	var wg sync.WaitGroup
	wg.Add(len(points)) // want `wg.Add\(len\(points\)\) counts one goroutine per item, but the loop that follows starts one per entry of the map byShard`
	for id, batch := range byShard {
		go func(id uint64, batch []point) {
			defer wg.Done()
			write(id, batch)
		}(id, batch)
	}
	wg.Wait()
}

// Fixed: the count is the map's.
func writePointsFixed(points []point, write func(uint64, []point)) {
	byShard := map[uint64][]point{}
	for _, p := range points {
		byShard[p.shard] = append(byShard[p.shard], p)
	}
	var wg sync.WaitGroup
	wg.Add(len(byShard))
	for id, batch := range byShard {
		go func(id uint64, batch []point) {
			defer wg.Done()
			write(id, batch)
		}(id, batch)
	}
	wg.Wait()
}

// Add(1) before each goroutine: nothing counted up front.
func writePointsEach(points []point, write func(uint64, []point)) {
	byShard := map[uint64][]point{}
	for _, p := range points {
		byShard[p.shard] = append(byShard[p.shard], p)
	}
	var wg sync.WaitGroup
	for id, batch := range byShard {
		wg.Add(1)
		go func(id uint64, batch []point) {
			defer wg.Done()
			write(id, batch)
		}(id, batch)
	}
	wg.Wait()
}

// Two slices: their lengths may well agree (a copy, a parallel slice); not judged.
func writeCopies(points []point, copies []point, write func(point)) {
	var wg sync.WaitGroup
	wg.Add(len(points))
	for _, c := range copies {
		go func(c point) {
			defer wg.Done()
			write(c)
		}(c)
	}
	wg.Wait()
}
