package fixes

import "time"

// Fixed: `defer t.Stop()` right after the ticker is made.
func pollUntil(done <-chan struct{}, f func()) {
	t := time.NewTicker(time.Second) // want `the ticker from time.NewTicker in t is not released on every path`
	for {
		select {
		case <-done:
			return
		case <-t.C:
			f()
		}
	}
}

// Reported, but no fix: returned on one path, where the caller owns it.
func maybeTicker(start bool) *time.Ticker {
	t := time.NewTicker(time.Second) // want `the ticker from time.NewTicker in t is not released on every path`
	if start {
		return t
	}
	<-t.C
	return nil
}

// Reported, but no fix: a line between two aligned trailing comments would make gofmt pad them anew.
func aligned(done <-chan struct{}, f func(int)) {
	t := time.NewTicker(time.Second) // want `the ticker from time.NewTicker in t is not released on every path`
	n := 0                           // counts the ticks
	for {
		select {
		case <-done:
			return
		case <-t.C:
			n++
			f(n)
		}
	}
}
