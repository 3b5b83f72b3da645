package localsignal

import (
	"context"
	"time"
)

// The waiter selects on the context as well: it has another way out. Silent.
func SyncOrCancel(ctx context.Context, n int) error {
	errc := make(chan error, 1)
	go func() {
		if err := upload(n); err != nil {
			errc <- err
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Sends in a loop: how many values arrive is beyond a path search. Silent.
func FirstBad(xs []int) int {
	found := make(chan int)
	go func() {
		for _, x := range xs {
			if x < 0 {
				found <- x
				return
			}
		}
	}()
	return <-found
}

// The channel is handed to a helper that may signal it. Silent.
func Delegated(n int) error {
	errc := make(chan error, 1)
	go func() {
		if n > 0 {
			report(errc, upload(n))
			return
		}
		errc <- nil
	}()
	return <-errc
}

func report(errc chan<- error, err error) { errc <- err }

// Two goroutines may signal: either one ends the wait. Silent.
func EitherOne(n int) error {
	errc := make(chan error, 2)
	go func() {
		if n > 0 {
			errc <- upload(n)
		}
	}()
	go func() { errc <- upload(-n) }()
	return <-errc
}

// The goroutine leaves on the context, which the consumer cancels when it stops reading. Silent.
func Ticks(ctx context.Context) <-chan time.Time {
	out := make(chan time.Time)
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-t.C:
				out <- now
			}
		}
		close(out)
	}()
	return out
}

func Watch(ctx context.Context) int {
	n := 0
	for range Ticks(ctx) {
		n++
	}
	return n
}

// No caller in the package ranges over the generator: nobody is known to wait for the close. Silent.
func Pending(xs []int) <-chan int {
	out := make(chan int)
	go func() {
		for _, x := range xs {
			if x < 0 {
				return
			}
			out <- x
		}
		close(out)
	}()
	return out
}

// The other path panics: no return leaves the waiter behind. Silent.
func MustSync(n int) error {
	errc := make(chan error)
	go func() {
		if n == 0 {
			panic("no work")
		}
		errc <- upload(n)
	}()
	return <-errc
}

// A goroutine per item in a loop: counting them is beyond a path search. Silent.
func All(xs []int) {
	for _, x := range xs {
		done := make(chan struct{})
		go func() {
			if x < 0 {
				return
			}
			close(done)
		}()
		<-done
	}
}

// A close inside a loop once a count is reached: whether the count is reached is beyond a path search. Silent.
func Saturate(next func() bool, max int) {
	saturated := make(chan struct{})
	go func() {
		n := 0
		for next() {
			n++
			if n == max {
				close(saturated)
			}
		}
	}()
	<-saturated
}
