package old

import (
	"context"
	"time"
)

func consume(ctx context.Context, in <-chan int, handle func(int)) {
	for {
		select {
		case v := <-in:
			handle(v)
		case <-time.After(time.Minute): // want `time.After in a select inside a loop creates a timer on every iteration.*go.mod says go1.21`
			return
		case <-ctx.Done():
			return
		}
	}
}

func ranged(items []int, out chan<- int) {
	for _, it := range items {
		select {
		case out <- it:
		case t := <-time.After(time.Second): // want `creates a timer on every iteration`
			_ = t
		}
	}
}

// Negative cases.

func sleepOnly(n int) {
	for i := 0; i < n; i++ {
		select {
		case <-time.After(time.Millisecond):
		}
	}
}

func outsideLoop(in <-chan int) int {
	select {
	case v := <-in:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func timerReused(in <-chan int, handle func(int)) {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case v := <-in:
			handle(v)
		case <-t.C:
			return
		}
	}
}

func inClosureCalledOnce(in <-chan int) {
	for i := 0; i < 1; i++ {
		_ = i
	}
	func() {
		select {
		case <-in:
		case <-time.After(time.Second):
		}
	}()
}
