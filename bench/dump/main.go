// Command parkmany parks N goroutines (default 1,000,000) at a few leak sites, the way a production leak
// piles them up, and writes a real goroutine dump of all of them to a file:
//
//	parkmany -n 1000000 -o dump.txt              runtime.Stack(buf, true) into a buffer large enough
//	parkmany -n 1000000 -via pprof -debug 1|2    runtime/pprof Lookup("goroutine").WriteTo(f, debug)
//
// The default writes exactly what ?debug=2 writes (pprof's writeGoroutineStacks is runtime.Stack(buf, true)),
// but without pprof's 64 MiB cap: Go 1.19 cuts a ?debug=2 dump at 64 MiB, about 280,000 of these goroutines.
//
// The sites: 70% blocked sending on unbuffered channels nobody reads (created through a small call chain),
// 20% in a select on channels that are never ready, 10% waiting for a mutex that is never unlocked.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

type result struct{ id, size int }

func publish(out chan<- result, r result) {
	out <- r // leak site 1: nobody receives
}

func handleRequest(id int, started *sync.WaitGroup) {
	started.Done()
	publish(make(chan result), result{id: id, size: id % 512})
}

func watch(id int, stop, updates chan struct{}, started *sync.WaitGroup) {
	started.Done()
	select { // leak site 2: neither channel is ever ready
	case <-stop:
	case <-updates:
	}
}

var registry sync.Mutex

func register(id int, started *sync.WaitGroup) {
	started.Done()
	registry.Lock() // leak site 3: main holds the lock forever
	registry.Unlock()
}

func main() {
	n := flag.Int("n", 1_000_000, "goroutines to park")
	via := flag.String("via", "stack", "stack: runtime.Stack with no size cap; pprof: Lookup(\"goroutine\").WriteTo")
	debug := flag.Int("debug", 2, "pprof debug level of the dump (1 or 2), with -via pprof")
	out := flag.String("o", "dump.txt", "dump file")
	flag.Parse()

	registry.Lock()
	var started sync.WaitGroup
	started.Add(*n)
	begin := time.Now()
	for i := 0; i < *n; i++ {
		switch {
		case i%10 < 7:
			go handleRequest(i, &started)
		case i%10 < 9:
			go watch(i, make(chan struct{}), make(chan struct{}), &started)
		default:
			go register(i, &started)
		}
	}
	started.Wait()
	time.Sleep(500 * time.Millisecond) // let the last ones reach their parking point
	parked := time.Since(begin)

	f, err := os.Create(*out)
	if err != nil {
		panic(err)
	}
	begin = time.Now()
	if *via == "pprof" {
		if err := pprof.Lookup("goroutine").WriteTo(f, *debug); err != nil {
			panic(err)
		}
	} else {
		buf := make([]byte, 400*(*n)+(1<<20)) // about 230 bytes per goroutine; room to spare
		if _, err := f.Write(buf[:runtime.Stack(buf, true)]); err != nil {
			panic(err)
		}
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
	fmt.Printf("goroutines=%d parked_s=%.1f dump_s=%.1f\n", runtime.NumGoroutine(), parked.Seconds(), time.Since(begin).Seconds())
}
