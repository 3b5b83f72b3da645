package clean

import "sync"

// Sum adds the squares of xs on one goroutine each and waits for all of them.
func Sum(xs []int) int {
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		total int
	)
	for _, x := range xs {
		wg.Add(1)
		go func(x int) {
			defer wg.Done()
			mu.Lock()
			total += x * x
			mu.Unlock()
		}(x)
	}
	wg.Wait()
	return total
}
