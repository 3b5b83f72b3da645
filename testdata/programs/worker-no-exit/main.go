// worker-no-exit leaks workers with no way to exit: every batch starts a worker that loops on a select
// over channels nobody closes, so once its batch is done the worker waits at the LEAK line forever.
// About 200 goroutines a second pile up in [select] there, all created by startWorker.
// Shows in: goroutine dumps (debug=1, debug=2, SIGQUIT) and their growth between two dumps.
package main

import (
	"time"

	"leakfinder.test/programs/internal/serve"
)

type job struct{ n int }

func main() {
	serve.Start()
	n := 0
	serve.Every(5*time.Millisecond, func() {
		n++
		runBatch(n)
	})
}

// runBatch hands four jobs to a fresh worker; the bug is that it never closes jobs or stop.
func runBatch(n int) {
	jobs := make(chan job, 4)
	stop := make(chan struct{})
	startWorker(jobs, stop)
	for i := 0; i < 4; i++ {
		jobs <- job{n: n + i}
	}
}

var processed int64

func startWorker(jobs <-chan job, stop <-chan struct{}) {
	go func() {
		for {
			select { // LEAK: jobs and stop are never closed, so this select never returns once the batch is done
			case j := <-jobs:
				processed += int64(j.n & 1)
			case <-stop:
				return
			}
		}
	}()
}
