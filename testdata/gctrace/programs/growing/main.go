// Command growing leaks ~2 MB a second into a global slice while churning short-lived garbage, so GC runs
// often and every cycle's live heap (the Z of X->Y->Z MB) is larger than the last. Run with
// GODEBUG=gctrace=1; it stops after the number of seconds given (default 6).
package main

import (
	"os"
	"strconv"
	"time"
)

var kept [][]byte

var sink []byte

func main() {
	seconds := 6.0
	if len(os.Args) > 1 {
		seconds, _ = strconv.ParseFloat(os.Args[1], 64)
	}
	end := time.Now().Add(time.Duration(seconds * float64(time.Second)))
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for time.Now().Before(end) {
		<-tick.C
		kept = append(kept, make([]byte, 20<<10)) // the leak: 20 KiB every 10 ms
		for i := 0; i < 200; i++ {
			sink = make([]byte, 4<<10) // garbage that keeps the collector busy
		}
	}
}
