package waitgroups

import "sync"

func work(int) {}

func addInside(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		go func(it int) {
			wg.Add(1) // want `wg.Add runs inside the goroutine it counts, so addInside's wg.Wait\(\) at line 16 may run first`
			defer wg.Done()
			work(it)
		}(it)
	}
	wg.Wait()
}

type server struct {
	wg sync.WaitGroup
}

func (s *server) start(n int) {
	for i := 0; i < n; i++ {
		go func() {
			s.wg.Add(1) // want `s.wg.Add runs inside the goroutine it counts`
			defer s.wg.Done()
		}()
	}
	s.wg.Wait()
}

func pointerGroup(wg *sync.WaitGroup, n int) {
	go func() {
		wg.Add(n) // want `wg.Add runs inside the goroutine it counts`
		for i := 0; i < n; i++ {
			wg.Done()
		}
	}()
	wg.Wait()
}

// Negative cases.

func addBefore(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(it int) {
			defer wg.Done()
			work(it)
		}(it)
	}
	wg.Wait()
}

// The goroutine was counted before it started: its own Add (for the goroutines it starts) cannot race.
func nestedAdds(groups [][]int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, g := range groups {
			wg.Add(1)
			go func(g []int) {
				defer wg.Done()
				work(len(g))
			}(g)
		}
	}()
	wg.Wait()
}

// The goroutine's own WaitGroup: it waits for it itself.
func ownGroup(items []int) {
	done := make(chan struct{})
	go func() {
		var wg sync.WaitGroup
		wg.Add(len(items))
		for _, it := range items {
			go func(it int) {
				defer wg.Done()
				work(it)
			}(it)
		}
		wg.Wait()
		close(done)
	}()
	<-done
}

// Nobody waits in the creator: the Add cannot race with a Wait here.
func noWait(wg *sync.WaitGroup) {
	go func() {
		wg.Add(1)
		defer wg.Done()
	}()
}

// The Add counts goroutines started after it in the literal, a dispatcher pattern: the Wait comes before.
func waitBefore(wg *sync.WaitGroup) {
	wg.Wait()
	go func() {
		wg.Add(1)
		defer wg.Done()
	}()
}

// A different WaitGroup than the one waited for.
func otherGroup(a, b *sync.WaitGroup) {
	go func() {
		a.Add(1)
		defer a.Done()
	}()
	b.Wait()
}
