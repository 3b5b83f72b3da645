package new

import "sync"

func process(string) {}

// go1.22: every iteration has its own name; the classic pattern is correct.
func fanOut(names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(name)
		}()
	}
	wg.Wait()
}

func deferred(names []string) {
	for _, name := range names {
		defer func() { process(name) }()
	}
}
