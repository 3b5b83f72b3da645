// Command steadymap is mapleak's healthy twin: the same map traffic, but the cache is bounded (old
// entries are deleted), so live heap after GC saws between the same levels for the whole run. Run with
// GODEBUG=gctrace=1; it stops after the number of seconds given (default 6).
package main

import (
	"os"
	"strconv"
	"time"
)

const maxEntries = 4096 // 16 MB of 4 KiB values

var cache = map[int][]byte{}

var sink []byte

func main() {
	seconds := 6.0
	if len(os.Args) > 1 {
		seconds, _ = strconv.ParseFloat(os.Args[1], 64)
	}
	end := time.Now().Add(time.Duration(seconds * float64(time.Second)))
	for i := 0; time.Now().Before(end); i++ {
		cache[i] = make([]byte, 4<<10)
		delete(cache, i-maxEntries) // the bound the leaking version lacks
		if i%64 == 0 {
			for j := 0; j < 64; j++ {
				sink = make([]byte, 4<<10)
			}
			time.Sleep(time.Millisecond)
		}
	}
}
