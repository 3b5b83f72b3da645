// body-not-closed leaks HTTP connections: fetch calls a local server and never closes the response body,
// so the client can never reuse or close the connection. Every call (about 50 a second) leaves a
// persistConn with its readLoop and writeLoop goroutines parked, two ESTABLISHED loopback sockets (client
// and server side, both in this process) and the server's connection goroutine waiting for a next request.
// Shows in: goroutine dumps (net/http persistConn readLoop/writeLoop, created by net/http, so the LEAK
// line itself is not on their stacks), and /proc (socket fds and ESTABLISHED TCP connections growing).
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"leakfinder.test/programs/internal/serve"
)

func main() {
	serve.Start()
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello")
	}))
	serve.Every(20*time.Millisecond, func() { fetch(backend.URL) })
}

var statuses = map[int]int{}

func fetch(url string) {
	resp, err := http.Get(url) // LEAK: resp.Body is never closed
	if err != nil {
		return
	}
	statuses[resp.StatusCode]++
}
