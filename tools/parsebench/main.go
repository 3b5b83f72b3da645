// Command parsebench is go/parser's side of bench/parse/run.sh: it parses every file named on stdin
// into ASTs that stay alive until the end (parser.ParseComments, one token.FileSet), with one goroutine
// or a pool of -threads workers, and prints one result line LeakFinder's bench prints the same way:
//
//	parser=go threads=N files=F bytes=B errors=E best_s=S first_s=S cpu_s=S files_per_s=R mb_per_s=R vmhwm_kb=K
//
// Files are read into memory before timing, so both parsers are timed on parsing alone. Each of -runs
// rounds parses everything again and replaces the retained ASTs; the best round is reported (first_s is
// the first round), cpu_s is the process CPU time (user+sys, all threads, GC included) of the best
// round, which a busy machine distorts far less than wall time, and vmhwm_kb is the process's peak
// RSS (VmHWM) at exit.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type source struct {
	path string
	src  []byte
}

func main() {
	threads := flag.Int("threads", 1, "parsing goroutines (GOMAXPROCS is set to the same number)")
	runs := flag.Int("runs", 3, "rounds; the best is reported")
	flag.Parse()
	runtime.GOMAXPROCS(*threads)

	files, total, err := readFiles()
	if err != nil {
		fmt.Fprintln(os.Stderr, "parsebench:", err)
		os.Exit(2)
	}
	var retained []*ast.File
	var best, first, bestCPU time.Duration
	var errors int64
	for r := 0; r < *runs; r++ {
		retained = nil // the previous round's ASTs become garbage, as LeakFinder's side does
		start, startCPU := time.Now(), cpuTime()
		var n int64
		retained, n = parseAll(files, *threads)
		elapsed, elapsedCPU := time.Since(start), cpuTime()-startCPU
		errors = n
		if r == 0 {
			first = elapsed
		}
		if r == 0 || elapsed < best {
			best, bestCPU = elapsed, elapsedCPU
		}
	}
	secs := best.Seconds()
	fmt.Printf("parser=go threads=%d files=%d bytes=%d errors=%d best_s=%.3f first_s=%.3f cpu_s=%.3f files_per_s=%.0f mb_per_s=%.1f vmhwm_kb=%d\n",
		*threads, len(files), total, errors, secs, first.Seconds(), bestCPU.Seconds(), float64(len(files))/secs,
		float64(total)/secs/1e6, vmHWM())
	runtime.KeepAlive(retained)
}

func readFiles() ([]source, int64, error) {
	var files []source
	var total int64
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		path := strings.TrimSpace(sc.Text())
		if path == "" {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, 0, err
		}
		files = append(files, source{path, src})
		total += int64(len(src))
	}
	return files, total, sc.Err()
}

// parseAll parses every file into one FileSet with a pool of workers taking the next file index.
func parseAll(files []source, threads int) ([]*ast.File, int64) {
	fset := token.NewFileSet()
	out := make([]*ast.File, len(files))
	var next, errors int64
	var wg sync.WaitGroup
	for t := 0; t < threads; t++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := atomic.AddInt64(&next, 1) - 1
				if i >= int64(len(files)) {
					return
				}
				f, err := parser.ParseFile(fset, files[i].path, files[i].src, parser.ParseComments)
				if err != nil {
					atomic.AddInt64(&errors, 1)
				}
				out[i] = f
			}
		}()
	}
	wg.Wait()
	return out, errors
}

// cpuTime is the user+sys CPU time of the whole process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// vmHWM is the peak resident set size in kB from /proc/self/status, or -1 where there is none.
func vmHWM() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &kb)
			return kb
		}
	}
	return -1
}
