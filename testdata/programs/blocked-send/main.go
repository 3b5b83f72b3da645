// blocked-send leaks goroutines blocked on an unbuffered channel: lookup starts a goroutine to compute a
// value and gives up after a timeout, so the goroutine's send (the LEAK line) never finds a receiver.
// About 200 goroutines a second pile up in [chan send] at that line, all created by lookup.
// Shows in: goroutine dumps (debug=1, debug=2, SIGQUIT) and their growth between two dumps.
package main

import (
	"time"

	"leakfinder.test/programs/internal/serve"
)

func main() {
	serve.Start()
	key := 0
	serve.Every(5*time.Millisecond, func() {
		key++
		lookup(key)
	})
}

// lookup waits at most a millisecond for a computation that takes five.
func lookup(key int) (int, bool) {
	result := make(chan int) // the bug: unbuffered, so the sender blocks once nobody waits
	go func() {
		result <- slowSquare(key) // LEAK: no receiver after lookup timed out
	}()
	timeout := time.NewTimer(time.Millisecond)
	defer timeout.Stop()
	select {
	case v := <-result:
		return v, true
	case <-timeout.C:
		return 0, false
	}
}

func slowSquare(n int) int {
	time.Sleep(5 * time.Millisecond)
	return n * n
}
