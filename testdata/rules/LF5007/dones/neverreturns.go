package dones

import "sync"

// A worker counted by the group that waits for the group before its own Done: it waits for itself.
func selfWait(jobs []int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range jobs {
		}
		wg.Wait() // want `this goroutine is counted by wg \(Add before it starts\) and waits for it before its own Done`
	}()
	wg.Wait()
}

// Add(2) and one goroutine: the counter never reaches zero.
func addTwoStartOne() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
	}()
	wg.Wait() // want `wg is counted up by 2 \(line 21\) but only 1 goroutine started after that calls Done`
}

// The fixes and the idioms: a closer goroutine that waits and is not counted; Add(2) with two goroutines; a
// group handed to a function that may count down.
func closer(results chan int) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); results <- 1 }()
	go func() { defer wg.Done(); results <- 2 }()
	go func() {
		wg.Wait()
		close(results)
	}()
}

func addTwoStartTwo() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
	}()
	go func() {
		wg.Done()
	}()
	wg.Wait()
}

func doneElsewhere(wg *sync.WaitGroup) { wg.Done() }

func addTwoHanded() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
	}()
	doneElsewhere(&wg)
	wg.Wait()
}
