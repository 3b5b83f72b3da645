// time-after-loop leaks timers: consume selects on its events channel and on time.After(time.Minute)
// in a loop. Before Go 1.23 each time.After timer lives until it fires, a minute later, so every event
// leaves a Timer and its channel (about 200 bytes; some 5,000 events a second) behind.
// Shows in: the heap profile diff (time.NewTimer allocations under the LEAK line) and gctrace (live heap
// grows). Not in goroutine dumps: the one consumer goroutine looks healthy.
package main

import (
	"time"

	"leakfinder.test/programs/internal/serve"
)

func main() {
	serve.Start()
	events := make(chan int, 64)
	go consume(events)
	n := 0
	serve.Every(10*time.Millisecond, func() {
		for i := 0; i < 50; i++ {
			n++
			events <- n
		}
	})
}

var total int

func consume(events <-chan int) {
	for {
		select {
		case e := <-events:
			total += e
		case <-time.After(time.Minute): // LEAK: a new timer per iteration, alive for a minute
			return
		}
	}
}
