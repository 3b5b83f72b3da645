package fixes

import (
	"context"
	"time"
)

// Fixed: one timer per select, stopped when another case wins.
func consume(ctx context.Context, in <-chan int, handle func(int)) {
	for {
		select {
		case v := <-in:
			handle(v)
		case <-time.After(5 * time.Second): // want `time.After in a select inside a loop`
			return
		case <-ctx.Done():
			return
		}
	}
}

// Fixed: len in another case's operand calls nothing that could change the duration.
func forward(queue [][]int, out chan<- int, wait time.Duration) {
	for {
		select {
		case out <- len(queue):
		case <-time.After(wait): // want `time.After in a select inside a loop`
			return
		}
	}
}
