// Package serve is the scaffolding every test program shares, kept out of the programs so each main.go
// shows only its leak: net/http/pprof on a loopback port, a steady stream of short-lived garbage (a real
// server's work), so the collector runs every fraction of a second and gctrace shows a trend within
// seconds, and the "ready ADDR" line the test harness waits for.
package serve

import (
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux
	"os"
	"runtime"
	"strconv"
	"time"
)

// Environment the harness sets; every variable is optional, so a program also runs by hand.
const (
	addrEnv       = "LEAKFINDER_PPROF_ADDR"        // listen address; default 127.0.0.1:0 (any free port)
	maxSecondsEnv = "LEAKFINDER_MAX_SECONDS"       // exit after this long: no orphan outlives a crashed test run
	stdinExitEnv  = "LEAKFINDER_EXIT_ON_STDIN_EOF" // "1": exit when stdin closes, i.e. when the harness dies
)

// churned sums a byte of every churn buffer, so the buffers are used; none stays reachable after its tick.
var churned int

// Start serves pprof, starts the churn and prints "ready ADDR" once the listener accepts connections.
// Call it first in main: it also samples the heap finely, so a few seconds of leaking give a clear
// profile (the default rate, one sample per 512 KiB, would give a handful of samples).
func Start() {
	runtime.MemProfileRate = 4096
	addr := os.Getenv(addrEnv)
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(2)
	}
	go http.Serve(ln, nil)
	go churn()
	exitWhenAbandoned()
	fmt.Println("ready", ln.Addr().String())
}

// churn allocates about 16 MB/s of garbage, the background work of a small server: enough for a GC
// cycle every fraction of a second even when a leak has grown the heap goal to tens of MB. No buffer
// outlives its tick, so the heap profiles of a healthy program show no churn in use.
func churn() {
	tick := time.NewTicker(4 * time.Millisecond)
	defer tick.Stop()
	size := 64 << 10 // a variable, so the buffer is heap-allocated like any request's
	for range tick.C {
		buf := make([]byte, size)
		buf[size-1] = byte(churned)
		churned += int(buf[0]) + 1
	}
}

func exitWhenAbandoned() {
	if s, err := strconv.Atoi(os.Getenv(maxSecondsEnv)); err == nil && s > 0 {
		time.AfterFunc(time.Duration(s)*time.Second, func() {
			fmt.Fprintln(os.Stderr, "serve: time limit reached")
			os.Exit(3)
		})
	}
	if os.Getenv(stdinExitEnv) == "1" {
		go func() {
			io.Copy(io.Discard, os.Stdin)
			os.Exit(4)
		}()
	}
}

// Every runs f every d, forever: the leaking programs call their leaky function at a steady rate.
func Every(d time.Duration, f func()) {
	tick := time.NewTicker(d)
	defer tick.Stop()
	for range tick.C {
		f()
	}
}
