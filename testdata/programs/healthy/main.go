// healthy is the control: a small server doing the same kinds of work as the leak programs, correctly.
// Lookups send on a buffered channel, workers exit when their batch is done, tickers and timers are
// stopped, response bodies are read and closed (so connections are reused), the cache is bounded, headers
// are copied out of their buffers, mappings are unmapped and inotify fds closed.
// Expected: no suspect in any evidence (dumps, heap profile diff, /proc) and a "stable" gctrace verdict.
package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"leakfinder.test/programs/internal/serve"
)

func main() {
	serve.Start()
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello")
	}))
	mapped := dataFile()
	events := make(chan int, 64)
	go consume(events)
	n := 0
	serve.Every(10*time.Millisecond, func() {
		n++
		lookup(n)
		runBatch(n)
		retryPaced(n)
		for i := 0; i < 50; i++ {
			events <- n
		}
		remember(n)
		if n%20 == 0 {
			headers[n/20%len(headers)] = header(byte(n))
		}
		if n%2 == 0 {
			fetch(backend.URL)
		}
		if n%5 == 0 {
			checksum(mapped)
		}
		if n%30 == 0 {
			watch(os.TempDir())
		}
	})
}

// lookup: the buffered channel lets the sender finish even after lookup timed out.
func lookup(key int) (int, bool) {
	result := make(chan int, 1)
	go func() { result <- key * key }()
	timeout := time.NewTimer(time.Millisecond)
	defer timeout.Stop()
	select {
	case v := <-result:
		return v, true
	case <-timeout.C:
		return 0, false
	}
}

type job struct{ n int }

var processed int

// runBatch closes jobs, so the worker's range loop ends with the batch.
func runBatch(n int) {
	jobs := make(chan job, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for j := range jobs {
			processed += j.n & 1
		}
	}()
	for i := 0; i < 4; i++ {
		jobs <- job{n: n + i}
	}
	close(jobs)
	<-done
}

var attempts int

func retryPaced(i int) {
	pace := time.NewTicker(time.Minute)
	defer pace.Stop()
	select {
	case <-pace.C:
		attempts++
	default:
		attempts += i & 1
	}
}

var total int

// consume reuses one timer instead of making one per iteration with time.After.
func consume(events <-chan int) {
	idle := time.NewTimer(time.Minute)
	defer idle.Stop()
	for {
		select {
		case e := <-events:
			total += e
			if !idle.Stop() {
				<-idle.C
			}
			idle.Reset(time.Minute)
		case <-idle.C:
			return
		}
	}
}

// cache holds at most cacheSize entries: the oldest id is evicted on insert (it is full within a second,
// so its size is flat by the time the first evidence is taken).
const cacheSize = 64

var cache = map[int][]byte{}

func remember(id int) {
	cache[id] = make([]byte, 2048)
	delete(cache, id-cacheSize)
}

var headers = make([][]byte, 8)

// header copies the 64 bytes it keeps, so the 1 MiB buffer is garbage once header returns.
func header(seq byte) []byte {
	buf := make([]byte, 1<<20)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = seq
	}
	return append([]byte(nil), buf[:64]...)
}

var statuses = map[int]int{}

func fetch(url string) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	statuses[resp.StatusCode]++
}

const fileSize = 256 << 10

func dataFile() *os.File {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("leakfinder-healthy-%d.dat", os.Getpid()))
	if err := os.WriteFile(path, make([]byte, fileSize), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return f
}

var sums int

func checksum(f *os.File) {
	data, err := syscall.Mmap(int(f.Fd()), 0, fileSize, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return
	}
	defer syscall.Munmap(data)
	for i := 0; i < len(data); i += 4096 {
		sums += int(data[i])
	}
}

func watch(dir string) {
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC)
	if err != nil {
		return
	}
	defer syscall.Close(fd)
	syscall.InotifyAddWatch(fd, dir, syscall.IN_CREATE)
}
