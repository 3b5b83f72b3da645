// Command stackgrowth leaks goroutines with deep stacks: each one recurses (growing its stack to ~64 KiB)
// and then blocks forever on a channel nobody sends on. The heap barely moves; what grows is the
// "S MB stacks" field Go 1.18+ prints in every gctrace line. Run with GODEBUG=gctrace=1; it stops after
// the number of seconds given (default 6).
package main

import (
	"os"
	"strconv"
	"time"
)

var never = make(chan struct{})

var sink []byte

func deep(n int) byte {
	var pad [512]byte // every frame takes stack, so the goroutine's stack grows by copying
	if n == 0 {
		<-never // the leak: blocks forever with its deep stack
		return pad[0]
	}
	pad[n%len(pad)] = byte(n)
	return deep(n-1) + pad[(n*7)%len(pad)]
}

func main() {
	seconds := 6.0
	if len(os.Args) > 1 {
		seconds, _ = strconv.ParseFloat(os.Args[1], 64)
	}
	end := time.Now().Add(time.Duration(seconds * float64(time.Second)))
	for time.Now().Before(end) {
		go deep(100)
		for j := 0; j < 64; j++ {
			sink = make([]byte, 8<<10) // garbage, so GC runs and prints the stack size often
		}
		time.Sleep(2 * time.Millisecond)
	}
}
