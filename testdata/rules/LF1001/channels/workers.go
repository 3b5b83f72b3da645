package channels

import (
	"context"
	"errors"
	"time"
)

// Goroutines running a function of the package the channel is handed to: go worker(ch).

func produce(out chan int) { out <- compute() }

func consume(in chan int) {
	for v := range in {
		_ = v
	}
}

type fetcher struct{}

func (fetcher) fetch(out chan<- int) { out <- compute() }

func workerTimeout(d time.Duration) (int, error) {
	ch := make(chan int)
	go produce(ch) // want `the goroutine running channels.produce blocks for ever sending on ch \(its parameter out\): workerTimeout can return at line 30 without receiving from it`
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

func workerNeverClosed(items []int) {
	ch := make(chan int)
	go consume(ch) // want `blocks for ever ranging over ch \(its parameter in\): workerNeverClosed can return at line 40 without closing it`
	for _, it := range items {
		ch <- it
	}
}

func methodWorker(fail bool) (int, error) {
	ch := make(chan int)
	var f fetcher
	go f.fetch(ch) // want `the goroutine running fetcher.fetch blocks for ever sending on ch`
	if fail {
		return 0, errors.New("failed")
	}
	return <-ch, nil
}

// Negative cases.

func produceOrQuit(ctx context.Context, out chan int) {
	select {
	case out <- compute():
	case <-ctx.Done():
	}
}

func workerSelects(ctx context.Context) (int, error) {
	ch := make(chan int)
	go produceOrQuit(ctx, ch)
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func workerBuffered(d time.Duration) (int, error) {
	ch := make(chan int, 1)
	go produce(ch)
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

func workerAlwaysReceived() int {
	ch := make(chan int)
	go produce(ch)
	return <-ch
}

func workerClosed(items []int) {
	ch := make(chan int)
	go consume(ch)
	for _, it := range items {
		ch <- it
	}
	close(ch)
}

func workerDeferredClose(items []int) error {
	ch := make(chan int)
	defer close(ch)
	go consume(ch)
	for _, it := range items {
		if it < 0 {
			return errors.New("negative")
		}
		ch <- it
	}
	return nil
}

// relay hands its parameter to a closure: who serves it is not a matter of this body.
func relay(out chan int) {
	go func() { out <- compute() }()
}

func workerRelays(d time.Duration) (int, error) {
	ch := make(chan int)
	go relay(ch)
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

// forward passes its parameter on before sending: the callee may drain it.
func forward(out chan int, drain func(chan int)) {
	drain(out)
	out <- compute()
}

func workerForwards(d time.Duration, drain func(chan int)) (int, error) {
	ch := make(chan int)
	go forward(ch, drain)
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

func workerFuncValue(d time.Duration, work func(chan int)) (int, error) {
	ch := make(chan int)
	go work(ch) // a function value: its body is unknown
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

func workersInLoop(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go produce(ch)
	}
	total := 0
	for i := 0; i < n; i++ {
		total += <-ch
	}
	return total
}

func workerSharesChannel(d time.Duration) (int, error) {
	ch := make(chan int)
	go produce(ch)
	go consume(ch) // a second goroutine on the same channel may serve the first
	select {
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}
