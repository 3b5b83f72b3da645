package cache

import (
	"sync"
	"sync/atomic"
)

func fetch(k string) string { return k }

// A cache filled by workers: every goroutine writes the same map.
func fillConcurrently(keys []string) map[string]string {
	results := make(map[string]string)
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			results[k] = fetch(k) // want `every goroutine this loop starts writes the map results with no lock`
		}(k)
	}
	wg.Wait()
	return results
}

type loader struct {
	byID map[int]string
}

func (l *loader) loadAll(ids []int) {
	for _, id := range ids {
		go func() {
			l.byID[id] = fetch("x") // want `every goroutine this loop starts writes the map l.byID with no lock`
		}()
	}
}

func countWords(lines []string) map[string]int {
	counts := map[string]int{}
	done := make(chan bool)
	for _, line := range lines {
		go func() {
			counts[line]++ // want `every goroutine this loop starts writes the map counts`
			done <- true
		}()
	}
	for range lines {
		<-done
	}
	return counts
}

func evict(stale []string, seen map[string]bool) {
	for _, k := range stale {
		go func() {
			delete(seen, k) // want `every goroutine this loop starts writes the map seen`
		}()
	}
}

// A background refresher writes while the starter keeps reading.
func refreshAndRead(handlers map[string]func()) func() {
	go func() {
		handlers["health"] = func() {} // want `the goroutine writes the map handlers while the function that starts it uses it at line 65`
	}()
	return handlers["index"]
}

// Negative cases: the idiomatic fixes.

func withMutex(keys []string) map[string]string {
	var mu sync.Mutex
	results := make(map[string]string)
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			v := fetch(k)
			mu.Lock()
			results[k] = v
			mu.Unlock()
		}(k)
	}
	wg.Wait()
	return results
}

type store struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *store) put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

func (s *store) fill(keys []string) {
	for _, k := range keys {
		go func() {
			s.put(k, fetch(k)) // the helper locks
		}()
	}
}

func withSyncMap(keys []string) *sync.Map {
	var m sync.Map
	for _, k := range keys {
		go func() { m.Store(k, fetch(k)) }()
	}
	return &m
}

// Per-index slice writes do not race: each goroutine owns its element.
func perIndex(keys []string) []string {
	out := make([]string, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = fetch(k)
		}()
	}
	wg.Wait()
	return out
}

// Results handed over on a channel, the map filled by one goroutine.
func handOff(keys []string) map[string]string {
	type kv struct{ k, v string }
	ch := make(chan kv)
	for _, k := range keys {
		go func() { ch <- kv{k, fetch(k)} }()
	}
	results := make(map[string]string)
	for range keys {
		r := <-ch
		results[r.k] = r.v
	}
	return results
}

// The map is made inside the goroutine: its own.
func ownMap(keys []string, out chan<- map[string]int) {
	for _, k := range keys {
		go func() {
			m := make(map[string]int)
			m[k] = 1
			out <- m
		}()
	}
}

// The whole map swapped through atomic.Value: readers never see a map being written.
func atomicSwap(v *atomic.Value, keys []string) {
	go func() {
		next := make(map[string]string)
		for _, k := range keys {
			next[k] = fetch(k)
		}
		v.Store(next)
	}()
}

// The starter reads only after the Wait.
func joined(keys []string) string {
	m := map[string]string{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m["a"] = fetch("a")
	}()
	wg.Wait()
	return m["a"]
}

// The starter reads after receiving what the goroutine sends once its write is done.
func received() string {
	m := map[string]string{}
	done := make(chan struct{})
	go func() {
		m["a"] = fetch("a")
		close(done)
	}()
	<-done
	return m["a"]
}

// One goroutine per map: each iteration makes its own.
func freshPerIteration(groups [][]string) {
	for _, g := range groups {
		m := map[string]bool{}
		go func() {
			for _, k := range g {
				m[k] = true
			}
		}()
	}
}

// The loop waits for each goroutine before starting the next.
func oneAtATime(keys []string) map[string]string {
	m := map[string]string{}
	for _, k := range keys {
		done := make(chan struct{})
		go func() {
			m[k] = fetch(k)
			close(done)
		}()
		<-done
	}
	return m
}

// The loop starts at most one goroutine.
func startFirst(keys []string, m map[string]string) {
	for _, k := range keys {
		go func() { m[k] = fetch(k) }()
		return
	}
}

// Workers draining one queue each write the shared index: a receive orders nothing between two workers.
func indexFromQueue(lines []string, workers int) map[string]int {
	queue := make(chan string)
	index := make(map[string]int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range queue {
				index[l]++ // want `every goroutine this loop starts writes the map index with no lock`
			}
		}()
	}
	for _, l := range lines {
		queue <- l
	}
	close(queue)
	wg.Wait()
	return index
}

// Negative: each worker fills its own map and hands it back on a channel; one goroutine merges them.
func indexPerWorker(lines []string, workers int) map[string]int {
	queue := make(chan string)
	parts := make(chan map[string]int, workers)
	for w := 0; w < workers; w++ {
		go func() {
			own := make(map[string]int)
			for l := range queue {
				own[l]++
			}
			parts <- own
		}()
	}
	for _, l := range lines {
		queue <- l
	}
	close(queue)
	index := make(map[string]int)
	for w := 0; w < workers; w++ {
		for k, n := range <-parts {
			index[k] += n
		}
	}
	return index
}
