package dones

import "sync"

type part struct{ n int }

func (p part) upload() error { return nil }

// The Add counts every part before the loop, and each iteration waits: the first Wait sees one Done of len(parts).
func uploadAll(parts []part) {
	var wg sync.WaitGroup
	wg.Add(len(parts))
	for _, p := range parts {
		go func(p part) {
			defer wg.Done()
			_ = p.upload()
		}(p)
		wg.Wait() // want `this wg.Wait\(\) runs in every iteration of the loop that starts the goroutines wg counts, but the Add at line 12 counted all of them before the loop`
	}
}

type pusher struct {
	wg sync.WaitGroup
}

func (s *pusher) push(p part) { defer s.wg.Done(); _ = p.upload() }

// The same with a field group and a method started with the group's owner.
func (s *pusher) pushAll(parts []part, n int) {
	s.wg.Add(n)
	for i := 0; i < n; i++ {
		s.wg.Wait() // want `this s.wg.Wait\(\) runs in every iteration`
		go func(i int) {
			defer s.wg.Done()
			_ = parts[i].upload()
		}(i)
	}
}

// Fixed: Wait once after the loop.
func uploadAllFixed(parts []part) {
	var wg sync.WaitGroup
	wg.Add(len(parts))
	for _, p := range parts {
		go func(p part) {
			defer wg.Done()
			_ = p.upload()
		}(p)
	}
	wg.Wait()
}

// Fine: one Add per iteration, waited in the same iteration (sequential on purpose).
func uploadOneByOne(parts []part) {
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func(p part) {
			defer wg.Done()
			_ = p.upload()
		}(p)
		wg.Wait()
	}
}

// Fine: the Add before the loop counts one goroutine started before it; each iteration waits for it, then the
// loop's own Add(1) pairs with its goroutine.
func warmThenEach(parts []part) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done() }()
	for _, p := range parts {
		wg.Add(1)
		go func(p part) { defer wg.Done(); _ = p.upload() }(p)
		wg.Wait()
	}
}

// Fine: the loop runs once (it ends in a break).
func firstOnly(parts []part) {
	var wg sync.WaitGroup
	wg.Add(len(parts))
	for _, p := range parts {
		go func(p part) { defer wg.Done(); _ = p.upload() }(p)
		wg.Wait()
		break
	}
}

// Fine: the Wait runs only in the last iteration.
func waitAtLast(parts []part) {
	var wg sync.WaitGroup
	wg.Add(len(parts))
	for i, p := range parts {
		go func(p part) { defer wg.Done(); _ = p.upload() }(p)
		if i == len(parts)-1 {
			wg.Wait()
		}
	}
}

// Fine: the loop waiting is not the loop that starts the goroutines.
func startThenPoll(parts []part, polls int) {
	var wg sync.WaitGroup
	wg.Add(len(parts))
	for _, p := range parts {
		go func(p part) { defer wg.Done(); _ = p.upload() }(p)
	}
	for i := 0; i < polls; i++ {
		wg.Wait()
	}
}
