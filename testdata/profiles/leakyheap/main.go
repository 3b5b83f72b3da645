// Command leakyheap is the program that wrote the profile fixtures in testdata/profiles/: a request
// handler that caches every response in a global map and never evicts (the leak, in cacheResponse), a
// goroutine leak (workers blocked forever on a channel nobody sends on), and healthy churn (buffers
// that die young) as background. It writes heap profiles at two times so `leakfinder profile --base`
// and `go tool pprof -base` can be compared on real data.
//
// Usage: leakyheap OUTDIR   (writes heap1.pb.gz, heap2.pb.gz, allocs.pb.gz, goroutine.pb.gz,
// block.pb.gz, mutex.pb.gz, cpu.pb.gz)
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"
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

// contend makes real mutex contention (and CPU work) for the mutex and cpu profiles: workers hashing
// under one lock.
func contend(workers int, d time.Duration) {
	var lock sync.Mutex
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(seed uint32) {
			defer wg.Done()
			for time.Now().Before(deadline) {
				lock.Lock()
				seed = spin(seed)
				lock.Unlock()
			}
		}(uint32(w))
	}
	wg.Wait()
}

// spin is the CPU work: a few thousand rounds of an xorshift.
func spin(x uint32) uint32 {
	for i := 0; i < 5000; i++ {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
	}
	return x
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
	cpu, err := os.Create(filepath.Join(dir, "cpu.pb.gz"))
	if err != nil {
		panic(err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		panic(err)
	}
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
	contend(4, 400*time.Millisecond)
	pprof.StopCPUProfile()
	cpu.Close()
	writeProfile(dir, "allocs", "allocs.pb.gz")
	writeProfile(dir, "goroutine", "goroutine.pb.gz")
	writeProfile(dir, "block", "block.pb.gz")
	writeProfile(dir, "mutex", "mutex.pb.gz")
}
