// Command leakyheap is the program that wrote the profile fixtures in testdata/profiles/: a request
// handler that caches every response in a global map and never evicts (the leak, in cacheResponse), a
// goroutine leak (workers blocked forever on a channel nobody sends on), and healthy churn (buffers
// that die young) as background. It writes heap profiles at two times so `leakfinder profile --base`
// and `go tool pprof -base` can be compared on real data.
//
// Usage: leakyheap OUTDIR   (writes heap1.pb.gz, heap2.pb.gz, allocs.pb.gz, goroutine.pb.gz,
// block.pb.gz, mutex.pb.gz)
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
)

var cache = map[string][]byte{}

var sink []byte

// cacheResponse is the leak: every key is new, nothing is ever deleted.
func cacheResponse(key string, size int) {
	buf := make([]byte, size)
	cache[key] = buf
}

// render allocates a transient buffer that is garbage once the request is done.
func render(i int) int {
	b := make([]byte, 2048)
	b[i%len(b)] = byte(i)
	s := strings.Repeat("x", 64+i%32)
	sink = b
	return len(s)
}

func handle(i int) {
	cacheResponse(fmt.Sprintf("req-%d", i), 1024)
	render(i)
}

var mu sync.Mutex

// startWorkers leaks goroutines: each waits on a channel that is never written nor closed.
func startWorkers(n int, wg *sync.WaitGroup) {
	never := make(chan int)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			wg.Done()
			mu.Lock()
			mu.Unlock()
			<-never
		}()
	}
}

func writeProfile(dir, name, file string) {
	f, err := os.Create(filepath.Join(dir, file))
	if err != nil {
		panic(err)
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		panic(err)
	}
}

func main() {
	runtime.MemProfileRate = 4096
	runtime.SetBlockProfileRate(1)
	runtime.SetMutexProfileFraction(1)
	dir := os.Args[1]
	var wg sync.WaitGroup
	for i := 0; i < 3000; i++ {
		handle(i)
	}
	startWorkers(50, &wg)
	wg.Wait()
	writeProfile(dir, "heap", "heap1.pb.gz")
	for i := 3000; i < 9000; i++ {
		handle(i)
	}
	startWorkers(150, &wg)
	wg.Wait()
	writeProfile(dir, "heap", "heap2.pb.gz")
	writeProfile(dir, "allocs", "allocs.pb.gz")
	writeProfile(dir, "goroutine", "goroutine.pb.gz")
	writeProfile(dir, "block", "block.pb.gz")
	writeProfile(dir, "mutex", "mutex.pb.gz")
}
