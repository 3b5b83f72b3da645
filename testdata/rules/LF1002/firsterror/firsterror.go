package firsterror

import (
	"context"
	"sync"
)

func process(s string) error { return nil }

// firstErrorReturn returns on the first error: the goroutines not yet received from block for ever.
func firstErrorReturn(items []string) error {
	errs := make(chan error)
	for _, it := range items {
		go func(it string) {
			errs <- process(it) // want `every iteration starts a goroutine that sends on errs, but firstErrorReturn can leave the loop receiving from errs early \(return at line 20\)`
		}(it)
	}
	for range items {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// firstErrorBreak leaves the receiving loop with break.
func firstErrorBreak(items []string) (first error) {
	errs := make(chan error)
	for i := range items {
		it := items[i]
		go func() {
			errs <- process(it) // want `but firstErrorBreak can leave the loop receiving from errs early \(break at line 38\)`
		}()
	}
	for i := 0; i < len(items); i++ {
		if err := <-errs; err != nil {
			first = err
			break
		}
	}
	return first
}

// labelledBreak breaks out of the receiving loop from inside a switch.
func labelledBreak(items []string) error {
	var first error
	errs := make(chan error)
	for _, it := range items {
		go func(it string) { errs <- process(it) }(it) // want `but labelledBreak can leave the loop receiving from errs early \(break at line 56\)`
	}
recv:
	for range items {
		switch err := <-errs; {
		case err != nil:
			first = err
			break recv
		}
	}
	return first
}

// ctxSelect gives up receiving when the context is done, and on the first error.
func ctxSelect(ctx context.Context, items []string) error {
	errs := make(chan error)
	for _, it := range items {
		go func(it string) {
			errs <- process(it) // want `but ctxSelect can leave the loop receiving from errs early \(return at line 73\)`
		}(it)
	}
	for range items {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-errs:
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// --- correct code: must stay silent ---

// buffered has room for every error, so an early return abandons no sender.
func buffered(items []string) error {
	errs := make(chan error, len(items))
	for _, it := range items {
		go func(it string) { errs <- process(it) }(it)
	}
	for range items {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// drainAll keeps the first error and returns after receiving from every goroutine.
func drainAll(items []string) error {
	errs := make(chan error)
	for _, it := range items {
		go func(it string) { errs <- process(it) }(it)
	}
	var first error
	for range items {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// errgroupStyle: a WaitGroup closes the channel and the range drains it.
func errgroupStyle(items []string) error {
	errs := make(chan error)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(it string) {
			defer wg.Done()
			errs <- process(it)
		}(it)
	}
	go func() {
		wg.Wait()
		close(errs)
	}()
	var first error
	for err := range errs {
		if err != nil && first == nil {
			first = err
		}
	}
	return first
}

// continueOnError counts failures and receives from every goroutine.
func continueOnError(items []string) int {
	errs := make(chan error)
	for _, it := range items {
		go func(it string) { errs <- process(it) }(it)
	}
	failed := 0
	for range items {
		err := <-errs
		if err != nil {
			failed++
			continue
		}
	}
	return failed
}

// breakInSelect: the unlabelled break leaves the select, not the loop.
func breakInSelect(items []string) int {
	errs := make(chan error)
	for _, it := range items {
		go func(it string) { errs <- process(it) }(it)
	}
	failed := 0
	for range items {
		select {
		case err := <-errs:
			if err != nil {
				failed++
				break
			}
		}
	}
	return failed
}

// countedEndless: an endless loop whose return is its normal end, once every goroutine has answered.
func countedEndless(items []string) error {
	errs := make(chan error)
	for _, it := range items {
		go func(it string) { errs <- process(it) }(it)
	}
	n := 0
	for {
		<-errs
		n++
		if n == len(items) {
			return nil
		}
	}
}

// drainAfterBreak: leaves the first loop early but drains the rest in a second loop.
func drainAfterBreak(items []string) error {
	errs := make(chan error)
	for _, it := range items {
		go func(it string) { errs <- process(it) }(it)
	}
	var first error
	i := 0
	for ; i < len(items); i++ {
		if err := <-errs; err != nil {
			first = err
			i++
			break
		}
	}
	for ; i < len(items); i++ {
		<-errs
	}
	return first
}
