package collect

import (
	"errors"
	"sync"
)

type item struct{ id int }

func check(it item) error {
	if it.id < 0 {
		return errors.New("negative id")
	}
	return nil
}

// Validate checks every item in parallel and collects the errors after the Wait: the first failing worker
// blocks on errc, the Wait blocks on that worker.
func Validate(items []item) error {
	var wg sync.WaitGroup
	errc := make(chan error)
	for _, it := range items {
		wg.Add(1)
		go func(it item) {
			defer wg.Done()
			if err := check(it); err != nil {
				errc <- err
			}
		}(it)
	}
	wg.Wait() // want `Validate waits for its goroutines \(wg.Wait\) before it receives from errc, but they send on unbuffered errc before wg.Done`
	close(errc)
	for err := range errc {
		return err
	}
	return nil
}

type fetcher struct {
	wg sync.WaitGroup
}

// The same with the WaitGroup in a field and one goroutine per source, Done called after the send.
func (f *fetcher) FetchAll(urls []string) []string {
	bodies := make(chan string)
	for _, u := range urls {
		f.wg.Add(1)
		go func(u string) {
			bodies <- "body of " + u
			f.wg.Done()
		}(u)
	}
	f.wg.Wait() // want `FetchAll waits for its goroutines \(f.wg.Wait\) before it receives from bodies`
	close(bodies)
	var out []string
	for b := range bodies {
		out = append(out, b)
	}
	return out
}

// Fixed: Wait and close in a goroutine of their own, the caller receives while the workers run.
func ValidateCollecting(items []item) error {
	var wg sync.WaitGroup
	errc := make(chan error)
	for _, it := range items {
		wg.Add(1)
		go func(it item) {
			defer wg.Done()
			if err := check(it); err != nil {
				errc <- err
			}
		}(it)
	}
	go func() {
		wg.Wait()
		close(errc)
	}()
	var first error
	for err := range errc {
		if first == nil {
			first = err
		}
	}
	return first
}

// Fixed: room for every sender.
func ValidateBuffered(items []item) error {
	var wg sync.WaitGroup
	errc := make(chan error, len(items))
	for _, it := range items {
		wg.Add(1)
		go func(it item) {
			defer wg.Done()
			if err := check(it); err != nil {
				errc <- err
			}
		}(it)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		return err
	}
	return nil
}

// Fixed: a collector goroutine started before the Wait receives while the workers run.
func ValidateCollector(items []item) []error {
	var wg sync.WaitGroup
	errc := make(chan error)
	var errs []error
	done := make(chan struct{})
	go func() {
		for err := range errc {
			errs = append(errs, err)
		}
		close(done)
	}()
	for _, it := range items {
		wg.Add(1)
		go func(it item) {
			defer wg.Done()
			if err := check(it); err != nil {
				errc <- err
			}
		}(it)
	}
	wg.Wait()
	close(errc)
	<-done
	return errs
}

// The send selects on a way out: the worker never waits for the receive alone.
func ValidateNonBlocking(items []item) error {
	var wg sync.WaitGroup
	errc := make(chan error)
	for _, it := range items {
		wg.Add(1)
		go func(it item) {
			defer wg.Done()
			if err := check(it); err != nil {
				select {
				case errc <- err:
				default:
				}
			}
		}(it)
	}
	wg.Wait()
	close(errc)
	return nil
}

// Done before the send: the Wait does not wait for the sender (it leaks instead, LF1001's concern).
func SignalThenSend(items []item) int {
	var wg sync.WaitGroup
	ready := make(chan int)
	for _, it := range items {
		wg.Add(1)
		go func(it item) {
			wg.Done()
			ready <- it.id
		}(it)
	}
	wg.Wait()
	return <-ready
}
