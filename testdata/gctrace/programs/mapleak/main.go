// Command mapleak is issue 15's shape: an unbounded map (a cache with no eviction) that grows the live
// heap from ~3 MB to ~160 MB under the default GOGC=100. Because the heap goal doubles with the live
// heap, the collector runs only a handful of times over the whole climb: a trend must be judged from
// few cycles. Run with GODEBUG=gctrace=1; it stops when the map holds the number of MB given (default 160).
package main

import (
	"os"
	"strconv"
	"time"
)

var cache = map[int][]byte{} // the leak: entries are added and never deleted

var sink []byte

func main() {
	targetMB := 160
	if len(os.Args) > 1 {
		targetMB, _ = strconv.Atoi(os.Args[1])
	}
	for i := 0; len(cache)*(4<<10) < targetMB<<20; i++ {
		cache[i] = make([]byte, 4<<10)
		if i%64 == 0 {
			for j := 0; j < 64; j++ {
				sink = make([]byte, 4<<10) // short-lived garbage, as a request handler makes
			}
			time.Sleep(time.Millisecond)
		}
	}
}
