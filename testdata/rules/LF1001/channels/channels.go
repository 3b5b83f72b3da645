package channels

import (
	"context"
	"errors"
	"time"
)

func compute() int { return 42 }

func withTimeout(d time.Duration) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `this goroutine blocks for ever sending on ch: withTimeout can return at line 20 without receiving from it`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

func withContext(ctx context.Context) (int, error) {
	result := make(chan int, 0)
	go func() {
		v := compute()
		result <- v // want `blocks for ever sending on result`
	}()
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case v := <-result:
		return v, nil
	}
}

func earlyReturn(fail bool) (int, error) {
	ch := make(chan int)
	go func() { ch <- compute() }() // want `can return at line 42 without receiving from it`
	if fail {
		return 0, errors.New("failed")
	}
	return <-ch, nil
}

func consumerNeverClosed(items []int) {
	ch := make(chan int)
	go func() {
		for v := range ch { // want `blocks for ever ranging over ch: consumerNeverClosed can return at line 57 without closing it`
			_ = v
		}
	}()
	for _, it := range items {
		ch <- it
	}
}

// Negative cases.

func buffered(d time.Duration) (int, error) {
	ch := make(chan int, 1)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

func alwaysReceived() int {
	ch := make(chan int)
	go func() { ch <- compute() }()
	return <-ch
}

func senderSelectsOnDone(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		select {
		case ch <- compute():
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func consumerClosed(items []int) {
	ch := make(chan int)
	go func() {
		for v := range ch {
			_ = v
		}
	}()
	for _, it := range items {
		ch <- it
	}
	close(ch)
}

func deferredClose(items []int) error {
	ch := make(chan int)
	defer close(ch)
	go func() {
		for range ch {
		}
	}()
	for _, it := range items {
		if it < 0 {
			return errors.New("negative")
		}
		ch <- it
	}
	return nil
}

func handedOn(d time.Duration, register func(chan int)) {
	ch := make(chan int)
	go func() { ch <- compute() }()
	register(ch)
}

func rangedByCreator() int {
	ch := make(chan int)
	go func() {
		ch <- 1
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

func doneSignal(work func()) {
	done := make(chan struct{})
	go func() {
		work()
		close(done)
	}()
	<-done
}

func startedInLoop(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- compute() }()
	}
	total := 0
	for i := 0; i < n; i++ {
		total += <-ch
	}
	return total
}

// The goroutine's send sits in a select whose other case always runs once the caller leaves: a done
// channel the caller closes on return, a default case. Silent.
func doneClosedOnReturn(stop bool, work func() int) (int, error) {
	results := make(chan int)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case results <- work():
		case <-done:
		}
	}()
	if stop {
		return 0, nil
	}
	return <-results, nil
}

func nonBlockingSend(work func() int) int {
	results := make(chan int)
	go func() {
		select {
		case results <- work():
		default:
		}
	}()
	return 0
}

// The sender sends n times and the creator receives n times in a counted loop that runs at least once: the
// goroutine is served before the creator can return. Silent.
func countedReceives(produce func(int) int) int {
	const n = 10
	values := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			values <- produce(i)
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-values
	}
	return sum
}

// A counted loop that may run zero times (its bound is a parameter): the creator can return without
// receiving.
func boundByParameter(n int, produce func() int) int {
	values := make(chan int)
	go func() {
		values <- produce() // want `this goroutine blocks for ever sending on values: boundByParameter can return at line \d+ without receiving from it`
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-values
	}
	return sum
}

// The select's other case sends on a channel nobody receives from, so it is never chosen: the creator always
// sends on ready, which the goroutine waits for. Silent.
func selectWithDeadCase(wait func()) {
	ready := make(chan bool)
	never := make(chan bool)
	go func() {
		wait()
		<-ready
	}()
	select {
	case ready <- true:
	case never <- true:
	}
}
