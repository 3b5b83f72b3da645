// Package mapworkers has workers that record results in a map shared without a lock: the race detector
// reports the map write of one worker against the other's.
package mapworkers

import "sync"

// Collect runs n workers of two kinds that each store a result in one map: the same racing write
// reached through two different stacks, which the detector reports separately.
func Collect(n int) map[int]int {
	results := map[int]int{}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(2)
		go func(i int) {
			defer wg.Done()
			store(results, i, i*i)
		}(i)
		go func(i int) {
			defer wg.Done()
			store(results, -i-1, i*i*i)
		}(i)
	}
	wg.Wait()
	return results
}

func store(m map[int]int, k, v int) {
	m[k] = v // the race: concurrent map writes
}
