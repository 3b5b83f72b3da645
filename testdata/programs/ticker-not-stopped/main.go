// ticker-not-stopped leaks tickers: retryPaced makes a ticker to pace retries on every call and returns
// without Stop. Before Go 1.23 an unstopped ticker stays in the runtime's timer heap, reachable, forever,
// so each call leaks the Ticker and its channel (about 200 bytes; some 5,000 calls a second).
// Shows in: the heap profile diff (time.NewTicker allocations under the LEAK line) and gctrace (live
// heap grows). Not in goroutine dumps: a ticker has no goroutine.
package main

import (
	"time"

	"leakfinder.test/programs/internal/serve"
)

func main() {
	serve.Start()
	serve.Every(10*time.Millisecond, func() {
		for i := 0; i < 50; i++ {
			retryPaced(i)
		}
	})
}

var attempts int

func retryPaced(i int) {
	pace := time.NewTicker(time.Minute) // LEAK: never stopped
	select {
	case <-pace.C:
		attempts++
	default:
		attempts += i & 1
	}
}
