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

// A goroutine per item whose sends all happen, counted by a receive per item. Silent.
func Each(xs []int) {
	done := make(chan bool)
	for _, x := range xs {
		go func(x int) {
			done <- x > 0
		}(x)
	}
	for range xs {
		<-done
	}
}

// Goroutines started in a loop, waited for by a single receive: the first to finish ends the wait. Silent.
func First(xs []int) {
	found := make(chan int, len(xs))
	for _, x := range xs {
		go func(x int) {
			if x < 0 {
				return
			}
			found <- x
		}(x)
	}
	<-found
}

// Goroutines of an inner loop, one receive per round of the outer loop: the first sender ends the wait. Silent.
func Rounds(n, p int) {
	for try := 0; try < n; try++ {
		done := make(chan bool)
		for i := 0; i < p; i++ {
			go func(i int) {
				if i == p-1 {
					done <- true
					return
				}
			}(i)
		}
		<-done
	}
}

// The named goroutine reports on every path. Silent.
func pushEvery(ns []int, errc chan<- error) {
	for _, n := range ns {
		if err := upload(n); err != nil {
			errc <- err
			return
		}
	}
	errc <- nil
}

func PushEvery(ns []int) error {
	errc := make(chan error, 1)
	go pushEvery(ns, errc)
	return <-errc
}

// The named goroutine hands the channel on: whoever gets it may signal. Silent.
func pushVia(ns []int, errc chan<- error) {
	if len(ns) == 0 {
		report(errc, nil)
		return
	}
	errc <- upload(ns[0])
}

func PushVia(ns []int) error {
	errc := make(chan error, 1)
	go pushVia(ns, errc)
	return <-errc
}
