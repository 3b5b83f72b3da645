// Command dumpgen parks a known set of goroutines and then prints a goroutine dump in the form named by
// its argument, so LeakFinder's dump parser is tested against what the Go runtime really prints.
// Lines marked "// MARK:name" are where tests expect goroutines to be stuck; tests find them by the marker.
//
//	dumpgen debug1|debug2      pprof.Lookup("goroutine").WriteTo(stdout, 1|2), then exit 0
//	dumpgen panic              panic in main (run with GOTRACEBACK=all or system for every goroutine)
//	dumpgen sigquit            print "ready" and wait for SIGQUIT (the runtime dumps every goroutine)
//	dumpgen deadlock           block every goroutine: "fatal error: all goroutines are asleep - deadlock!"
//	dumpgen healthy            only a worker pool, an HTTP server and a signal loop; ?debug=2 dump
//	dumpgen MODE N             as MODE, with N goroutines leaked at MARK:send instead of 40
//
// Build it with CGO_ENABLED=0: with cgo (which net pulls in) the runtime's deadlock check never fires.
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"
)

var leakCount = 40

type store struct{ mu sync.Mutex }

func (s *store) update(done *sync.WaitGroup) {
	done.Done()
	s.mu.Lock() // MARK:mutex
}

func leakySend(ch chan<- int) {
	ch <- 1 // MARK:send
}

func startLeaks(started *sync.WaitGroup) {
	for i := 0; i < leakCount; i++ {
		started.Add(1)
		go func() { started.Done(); leakySend(make(chan int)) }() // MARK:spawn
	}
}

func worker(jobs <-chan func(), started *sync.WaitGroup) {
	started.Done()
	for job := range jobs { // MARK:worker
		job()
	}
}

func waitForever(started *sync.WaitGroup) {
	var never sync.WaitGroup
	never.Add(1)
	started.Done()
	never.Wait() // MARK:waitgroup
}

func selectForever(a, b chan int, started *sync.WaitGroup) {
	started.Done()
	select { // MARK:select
	case <-a:
	case <-b:
	}
}

func nilReceive(started *sync.WaitGroup) {
	var nilChan chan int
	started.Done()
	<-nilChan // MARK:nilchan
}

func lockedReceive(ch chan int, started *sync.WaitGroup) {
	runtime.LockOSThread()
	started.Done()
	<-ch // MARK:locked
}

func deep(n int, started *sync.WaitGroup, ch chan int) int {
	if n == 0 {
		started.Done()
		return <-ch // MARK:deep
	}
	return deep(n-1, started, ch) + 1
}

func startServer() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	// One request on a keep-alive connection leaves an idle server connection and the client's
	// persistConn read/write loops parked.
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		panic(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func main() {
	mode := "debug2"
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	if len(os.Args) > 2 {
		fmt.Sscan(os.Args[2], &leakCount)
	}
	healthy := mode == "healthy"
	var started sync.WaitGroup
	if !healthy {
		startLeaks(&started)
	}

	jobs := make(chan func())
	for i := 0; i < 3; i++ {
		started.Add(1)
		go worker(jobs, &started)
	}
	if !healthy {
		startPathologies(&started)
	}
	started.Wait()

	if mode != "deadlock" {
		signal.Notify(make(chan os.Signal, 1), syscall.SIGUSR1)
		startServer()
	}
	time.Sleep(200 * time.Millisecond) // let every goroutine reach its parking point

	switch mode {
	case "debug1":
		pprof.Lookup("goroutine").WriteTo(os.Stdout, 1)
	case "debug2", "healthy":
		pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
	case "panic":
		panic("dumpgen: boom")
	case "sigquit":
		fmt.Println("ready")
		time.Sleep(time.Minute)
	case "deadlock":
		var never sync.WaitGroup
		never.Add(1)
		never.Wait() // MARK:main-deadlock
	}
}

// startPathologies parks one goroutine in each blocking state a leak can take.
func startPathologies(started *sync.WaitGroup) {
	s := &store{}
	s.mu.Lock()
	started.Add(1)
	go s.update(started)
	started.Add(1)
	go waitForever(started)
	started.Add(1)
	pprof.Do(context.Background(), pprof.Labels("role", "selector"), func(context.Context) {
		go selectForever(make(chan int), make(chan int), started)
	})
	started.Add(1)
	go nilReceive(started)
	started.Add(1)
	go lockedReceive(make(chan int), started)
	started.Add(1)
	go deep(150, started, make(chan int))
}
