// Package counter increments a shared hit counter from several goroutines without sync/atomic: a
// read-modify-write race between the increment of one goroutine and another's.
package counter

import "sync"

var hits int

// Serve handles n requests concurrently and returns the number of hits counted.
func Serve(n int) int {
	hits = 0
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go handle(&wg)
	}
	wg.Wait()
	return hits
}

func handle(wg *sync.WaitGroup) {
	defer wg.Done()
	hits++ // the race: read and write of hits without a lock
}
