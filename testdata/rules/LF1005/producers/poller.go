package producers

import (
	"context"
	"time"
)

// A poller ticks until told to stop, but its tick send ignores the stop: once WaitFor is satisfied and
// returns, nobody receives, and the goroutine blocks on the send for ever.
func poller(interval time.Duration) func(done <-chan struct{}) <-chan struct{} {
	return func(done <-chan struct{}) <-chan struct{} {
		ch := make(chan struct{})
		go func() {
			defer close(ch)
			t := time.NewTicker(interval)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					ch <- struct{}{} // want `this goroutine can stop on done \(line 21\), but this send on ch`
				case <-done:
					return
				}
			}
		}()
		return ch
	}
}

// A context-aware generator whose send, after the check, ignores the context.
func Numbers(ctx context.Context) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return
			default:
			}
			out <- i // want `this goroutine can stop on ctx\.Done\(\) \(line 37\), but this send on out`
		}
	}()
	return out
}

// Negative: the fix selects on done beside the send.
func fixedPoller(interval time.Duration) func(done <-chan struct{}) <-chan struct{} {
	return func(done <-chan struct{}) <-chan struct{} {
		ch := make(chan struct{})
		go func() {
			defer close(ch)
			t := time.NewTicker(interval)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					select {
					case ch <- struct{}{}:
					case <-done:
						return
					}
				case <-done:
					return
				}
			}
		}()
		return ch
	}
}

// Negative: the channel is buffered for the one value the goroutine sends.
func Once(done <-chan struct{}) <-chan int {
	ch := make(chan int, 1)
	go func() {
		select {
		case <-done:
			return
		case <-time.After(time.Millisecond):
		}
		ch <- 1
	}()
	return ch
}

// Negative: a data input, not a stop: each value read is passed on.
func Double(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range in {
			out <- v * 2
		}
	}()
	return out
}

// Negative: a data input read one value at a time.
func Stage(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for {
			v, ok := <-in
			if !ok {
				return
			}
			out <- v + 1
		}
	}()
	return out
}

// Negative: the send in the stop's own case is the one result the caller is promised (the stop's error).
func WaitState(ctx context.Context, stopped <-chan struct{}) <-chan error {
	resultC := make(chan error)
	go func() {
		select {
		case <-ctx.Done():
			resultC <- ctx.Err()
			return
		case <-stopped:
		}
		resultC <- nil
	}()
	return resultC
}
