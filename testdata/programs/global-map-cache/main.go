// global-map-cache leaks through an unbounded cache: the handler stores a 2 KiB value per request id in a
// global map and nothing ever deletes, so the map and its values grow about 1 MB a second. The handler is
// served on a loopback port of its own; the program is also its own client: every 10 ms it hands the
// handler five requests with new ids in process, as a load generator would over the network.
// Shows in: the heap profile diff (the value allocation and the map's growth both at the LEAK line),
// gctrace (live heap grows) and `leakfinder check` (LF6001 at the same line: the key is request data).
// Not in goroutine dumps.
package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"leakfinder.test/programs/internal/serve"
)

var cache = map[string][]byte{}

func main() {
	serve.Start()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, http.HandlerFunc(handle))
	id := 0
	serve.Every(10*time.Millisecond, func() {
		for i := 0; i < 5; i++ {
			id++
			handle(httptest.NewRecorder(), httptest.NewRequest("GET", "/item?id="+strconv.Itoa(id), nil))
		}
	})
}

func handle(w http.ResponseWriter, r *http.Request) {
	remember(r.URL.Query().Get("id"))
	w.WriteHeader(http.StatusNoContent)
}

func remember(id string) {
	cache[id] = make([]byte, 2048) // LEAK: never evicted
}
