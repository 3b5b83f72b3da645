// Command stable churns garbage and keeps a bounded working set (a ring of 64 buffers, full within the first second), so its live heap
// after each GC stays flat. Run with GODEBUG=gctrace=1; it stops after the number of seconds given
// (default 6).
package main

import (
	"os"
	"strconv"
	"time"
)

var ring [64][]byte

var sink []byte

func main() {
	seconds := 6.0
	if len(os.Args) > 1 {
		seconds, _ = strconv.ParseFloat(os.Args[1], 64)
	}
	end := time.Now().Add(time.Duration(seconds * float64(time.Second)))
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for n := 0; time.Now().Before(end); n++ {
		<-tick.C
		ring[n%len(ring)] = make([]byte, 20<<10)
		for i := 0; i < 200; i++ {
			sink = make([]byte, 4<<10)
		}
	}
}
