// global-map-cache leaks through an unbounded cache: remember stores a 2 KiB value per request id in a
// global map and nothing ever deletes, so the map and its values grow about 1 MB a second.
// Shows in: the heap profile diff (the value allocation and the map's growth both at the LEAK line) and
// gctrace (live heap grows). Not in goroutine dumps.
package main

import (
	"time"

	"leakfinder.test/programs/internal/serve"
)

var cache = map[int][]byte{}

func main() {
	serve.Start()
	id := 0
	serve.Every(10*time.Millisecond, func() {
		for i := 0; i < 5; i++ {
			id++
			remember(id)
		}
	})
}

func remember(id int) {
	cache[id] = make([]byte, 2048) // LEAK: never evicted
}
