package fanout

import (
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

func size(string) int            { return 1 }
func fetch(k string) (string, error) { return k, nil }

// Workers add to a captured total: the += loses updates.
func totalSize(files []string) int {
	total := 0
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func(f string) {
			defer wg.Done()
			total += size(f) // want `every goroutine this loop starts writes total: the writes race, and a read-modify-write`
		}(f)
	}
	wg.Wait()
	return total
}

// A fan-out collecting results by append from every goroutine.
func collect(keys []string) []string {
	var results []string
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, _ := fetch(k)
			results = append(results, v) // want `every goroutine this loop starts appends to results: concurrent appends lose elements`
		}()
	}
	wg.Wait()
	return results
}

// A struct field counted by every worker.
type stats struct{ hits, misses int }

func (s *stats) probe(keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := fetch(k); err != nil {
				s.misses++ // want `every goroutine this loop starts writes s\.misses`
			}
		}()
	}
	wg.Wait()
}

// errgroup starts goroutines too: the last error written wins, racing.
func fetchAll(keys []string) error {
	var g errgroup.Group
	var firstErr error
	for _, k := range keys {
		g.Go(func() error {
			if _, err := fetch(k); err != nil {
				firstErr = err // want `every goroutine this loop starts writes firstErr`
			}
			return nil
		})
	}
	_ = g.Wait()
	return firstErr
}

// The starter reads the goroutine's result without waiting for it.
func lookup(k string) string {
	var v string
	go func() {
		v, _ = fetch(k) // want `the goroutine writes v while the function that starts it uses it at line 84`
	}()
	return v
}

// A busy-wait on a flag the goroutine sets.
type job struct{ done bool }

func (j *job) run() {
	go func() {
		_, _ = fetch("x")
		j.done = true // want `the goroutine writes j\.done while the function that starts it uses it at line 95`
	}()
	for !j.done {
		_ = size("poll")
	}
}

// A slice element written by the goroutine and read by the starter at once.
func firstResult(keys []string) string {
	out := make([]string, len(keys))
	go func() {
		out[0], _ = fetch(keys[0]) // want `the goroutine writes an element of out while the function that starts it uses it`
	}()
	return out[0]
}

// Negative cases: the idiomatic fixes.

// Per-goroutine slots joined by Wait: each goroutine owns its element.
func perIndex(keys []string) []string {
	out := make([]string, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], _ = fetch(k)
		}()
	}
	wg.Wait()
	return out
}

// The same with errgroup, and a struct per element.
type result struct {
	val string
	err error
}

func perIndexErrgroup(keys []string) ([]result, error) {
	res := make([]result, len(keys))
	var g errgroup.Group
	for i, k := range keys {
		g.Go(func() error {
			res[i].val, res[i].err = fetch(k)
			return nil
		})
	}
	err := g.Wait()
	return res, err
}

// A mutex around the shared total.
func lockedTotal(files []string) int {
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := size(f)
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// Atomic counters.
func atomicTotal(files []string) int64 {
	var total atomic.Int64
	var old int64
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			total.Add(int64(size(f)))
			atomic.AddInt64(&old, 1)
		}()
	}
	wg.Wait()
	return total.Load() + old
}

// Results handed over on a channel, appended by one goroutine.
func handOff(keys []string) []string {
	ch := make(chan string)
	for _, k := range keys {
		go func() {
			v, _ := fetch(k)
			ch <- v
		}()
	}
	var results []string
	for range keys {
		results = append(results, <-ch)
	}
	return results
}

// sync.Map for shared state.
func syncMap(keys []string) *sync.Map {
	var m sync.Map
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Store(k, size(k))
		}()
	}
	wg.Wait()
	return &m
}

// Fields set before the goroutine starts, read by it: ordered by the go statement.
type config struct{ name string }

func (c *config) start(name string) {
	c.name = name
	go func() {
		_ = size(c.name)
	}()
}

// The starter reads only after the Wait.
func joined(k string) string {
	var v string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		v, _ = fetch(k)
	}()
	wg.Wait()
	return v
}

// The starter reads after receiving what the goroutine closes once its write is done.
func received(k string) (string, error) {
	var v string
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		v, err = fetch(k)
	}()
	<-done
	return v, err
}

// Each iteration declares its own accumulator.
func perIteration(groups [][]string, out chan<- int) {
	for _, g := range groups {
		n := 0
		go func() {
			for _, f := range g {
				n += size(f)
			}
			out <- n
		}()
	}
}

// A local of the goroutine.
func ownLocal(keys []string, out chan<- int) {
	for _, k := range keys {
		go func() {
			total := 0
			total += size(k)
			out <- total
		}()
	}
}

// One worker at a time: the loop waits for each.
func oneAtATime(keys []string) int {
	total := 0
	for _, k := range keys {
		done := make(chan struct{})
		go func() {
			total += size(k)
			close(done)
		}()
		<-done
	}
	return total
}

// A semaphore-free worker pool whose workers lock a shared struct through a method.
type acc struct {
	mu  sync.Mutex
	sum int
}

func (a *acc) add(n int) {
	a.mu.Lock()
	a.sum += n
	a.mu.Unlock()
}

func pool(files []string, a *acc) {
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.add(size(f))
		}()
	}
	wg.Wait()
}

// The starter's use follows a call that may wait (a helper joining the goroutine).
func viaHelper(k string, wait func()) string {
	var v string
	go func() { v, _ = fetch(k) }()
	wait()
	return v
}

// A loop that starts one goroutine and leaves.
func startOne(keys []string) string {
	var v string
	for _, k := range keys {
		go func() { v = k }()
		break
	}
	return "x"
}

// Workers taking items from one queue: each receive orders a worker after the producer, never after the
// other workers, so their additions to the shared total race.
func sumFromQueue(items []int, workers int) int {
	queue := make(chan int)
	total := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range queue {
				total += it // want `every goroutine this loop starts writes total: the writes race`
			}
		}()
	}
	for _, it := range items {
		queue <- it
	}
	close(queue)
	wg.Wait()
	return total
}

// Negative: the workers pass a token on a channel of capacity one around the write (a channel used as a
// lock): the send after the write orders it before the next worker's receive.
func sumWithToken(items []int, workers int) int {
	queue := make(chan int)
	token := make(chan struct{}, 1)
	token <- struct{}{}
	total := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range queue {
				<-token
				total += it
				token <- struct{}{}
			}
		}()
	}
	for _, it := range items {
		queue <- it
	}
	close(queue)
	wg.Wait()
	return total
}

type partStats struct {
	rows int
	took time.Duration
}

// Deferred calls run last-in first-out: Done, registered last, runs before the deferred stats write.
func scanParts(parts [][]int) time.Duration {
	stats := make([]partStats, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Add(1)
		go func(i int, part []int) {
			start := time.Now()
			defer func() { stats[i].took = time.Since(start) }() // want `the goroutine writes stats after its wg\.Done\(\) \(line \d+\) has run`
			defer wg.Done()
			stats[i].rows = len(part)
		}(i, part)
	}
	wg.Wait()
	var total time.Duration
	for i := range stats {
		total += stats[i].took
	}
	return total
}

// A write after an explicit Done.
func countAfterDone(items []string) int {
	counts := make([]int, len(items))
	var wg sync.WaitGroup
	for i := range items {
		wg.Add(1)
		go func(i int) {
			wg.Done()
			counts[i] = len(items[i]) // want `the goroutine writes counts after its wg\.Done\(\)`
		}(i)
	}
	wg.Wait()
	return counts[0]
}

// Negative: Done registered first runs last, after the stats write.
func scanPartsFixed(parts [][]int) time.Duration {
	stats := make([]partStats, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Add(1)
		go func(i int, part []int) {
			defer wg.Done()
			start := time.Now()
			defer func() { stats[i].took = time.Since(start) }()
			stats[i].rows = len(part)
		}(i, part)
	}
	wg.Wait()
	var total time.Duration
	for i := range stats {
		total += stats[i].took
	}
	return total
}

// Negative: the write after Done is to the goroutine's own variable.
func doneThenLocal(items []string) {
	var wg sync.WaitGroup
	for range items {
		wg.Add(1)
		go func() {
			wg.Done()
			n := 0
			n++
			_ = n
		}()
	}
	wg.Wait()
}
