package workersgone

import (
	"context"
	"errors"
	"sync"
)

func process(j int) error {
	if j < 0 {
		return errors.New("bad job")
	}
	return nil
}

// Workers return at their first error; the feeding loop then blocks on its next send.
func RunAll(jobs []int, workers int) error {
	ch := make(chan int)
	errc := make(chan error, workers)
	for i := 0; i < workers; i++ {
		go func() {
			for j := range ch {
				if err := process(j); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
	}
	for _, j := range jobs {
		ch <- j // want `this send on ch blocks for ever once the workers have left: the workers started at line \d+ range over ch and can leave the range early \(return at line \d+\)`
	}
	close(ch)
	for i := 0; i < workers; i++ {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// A worker that leaves when the context is cancelled, while the feeder does not look at it.
func Feed(ctx context.Context, items []string, handle func(string)) {
	work := make(chan string)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for it := range work {
			select {
			case <-ctx.Done():
				return
			default:
			}
			handle(it)
		}
	}()
	for _, it := range items {
		work <- it // want `this send on work blocks for ever once the workers have left`
	}
	close(work)
	wg.Wait()
}

// The fix: workers keep draining after an error and report the first one. Silent.
func RunAllFixed(jobs []int, workers int) error {
	ch := make(chan int)
	errc := make(chan error, workers)
	for i := 0; i < workers; i++ {
		go func() {
			var first error
			for j := range ch {
				if err := process(j); err != nil && first == nil {
					first = err
				}
			}
			errc <- first
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	var err error
	for i := 0; i < workers; i++ {
		if e := <-errc; e != nil && err == nil {
			err = e
		}
	}
	return err
}

// The fix: the feeder selects on the context the workers leave on. Silent.
func FeedFixed(ctx context.Context, items []string, handle func(string)) {
	work := make(chan string)
	defer close(work)
	go func() {
		for it := range work {
			select {
			case <-ctx.Done():
				return
			default:
			}
			handle(it)
		}
	}()
	for _, it := range items {
		select {
		case work <- it:
		case <-ctx.Done():
			return
		}
	}
}

// A stop value the feeder sends on purpose ends each worker. Silent.
func Poison(items []*int, workers int) {
	ch := make(chan *int)
	for i := 0; i < workers; i++ {
		go func() {
			for p := range ch {
				if p == nil {
					return
				}
				*p++
			}
		}()
	}
	for _, p := range items {
		ch <- p
	}
	for i := 0; i < workers; i++ {
		ch <- nil
	}
}

// One worker never leaves early: it keeps receiving whatever the others do. Silent.
func Mixed(items []int) {
	ch := make(chan int)
	go func() {
		for j := range ch {
			if process(j) != nil {
				return
			}
		}
	}()
	go func() {
		for j := range ch {
			process(j)
		}
	}()
	for _, j := range items {
		ch <- j
	}
	close(ch)
}

// A buffered channel with room for every item: the sends never wait. Silent.
func Buffered(items []int) {
	ch := make(chan int, len(items))
	go func() {
		for j := range ch {
			if process(j) != nil {
				return
			}
		}
	}()
	for _, j := range items {
		ch <- j
	}
	close(ch)
}

// A worker leaves only after handing its result to the feeder, which receives it while it feeds. Silent.
func Search(want string, max int, gen func() string) string {
	work := make(chan struct{})
	defer close(work)
	found := make(chan string)
	for i := 0; i < 4; i++ {
		go func() {
			for range work {
				if s := gen(); s == want {
					found <- s
					return
				}
			}
		}()
	}
	for i := 0; i < max; i++ {
		work <- struct{}{}
		select {
		case s := <-found:
			return s
		default:
		}
	}
	return ""
}
