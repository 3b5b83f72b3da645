package channels

import (
	"context"
	"sync"
)

// A worker pool whose collector returns at the first error: the workers still working block on their next send.
func squareAll(ctx context.Context, items []int) ([]int, error) {
	jobs := make(chan int)
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- j * j // want `this goroutine \(one of those the loop at line 13 starts\) sends on results in a loop, but squareAll can leave the loop receiving from it early \(return at line 32\)`
			}
		}()
	}
	go func() {
		for _, it := range items {
			jobs <- it
		}
		close(jobs)
	}()
	go func() { wg.Wait(); close(results) }()
	var out []int
	for r := range results {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func squareWorker(jobs <-chan int, results chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- j * j
	}
}

// The same with the workers as a function.
func squareAllFunc(limit int, items []int) []int {
	jobs := make(chan int)
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go squareWorker(jobs, results, &wg) // want `the goroutine running channels.squareWorker \(one of those the loop at line 51 starts\) sends on results in a loop, but squareAllFunc can leave the loop receiving from it early \(return at line 65\)`
	}
	go func() {
		for _, it := range items {
			jobs <- it
		}
		close(jobs)
	}()
	go func() { wg.Wait(); close(results) }()
	var out []int
	for r := range results {
		if r > limit {
			return out
		}
		out = append(out, r)
	}
	return out
}

// Fixed: the workers select on a done channel the collector closes when it leaves. Silent.
func squareAllDone(limit int, items []int) []int {
	jobs := make(chan int)
	results := make(chan int)
	done := make(chan struct{})
	defer close(done)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				select {
				case results <- j * j:
				case <-done:
					return
				}
			}
		}()
	}
	// The feeder selects on done too: once the workers have left on it, nobody takes jobs.
	go func() {
		defer close(jobs)
		for _, it := range items {
			select {
			case jobs <- it:
			case <-done:
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	var out []int
	for r := range results {
		if r > limit {
			return out
		}
		out = append(out, r)
	}
	return out
}

// Fixed: a results channel with room for every item. Silent.
func squareAllBuffered(limit int, items []int) []int {
	jobs := make(chan int, len(items))
	results := make(chan int, len(items))
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go squareWorker(jobs, results, &wg)
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	go func() { wg.Wait(); close(results) }()
	var out []int
	for r := range results {
		if r > limit {
			return out
		}
		out = append(out, r)
	}
	return out
}

// Fine: the collector breaks out but drains the rest afterwards. Silent.
func squareAllDrained(limit int, items []int) []int {
	jobs := make(chan int)
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go squareWorker(jobs, results, &wg)
	}
	go func() {
		for _, it := range items {
			jobs <- it
		}
		close(jobs)
	}()
	go func() { wg.Wait(); close(results) }()
	var out []int
	for r := range results {
		if r > limit {
			break
		}
		out = append(out, r)
	}
	for range results {
	}
	return out
}
