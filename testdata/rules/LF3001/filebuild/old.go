//go:build !go1.23

// Built by older Go too (the module says go1.21): the running ticker outlives the function. Reported.
package filebuild

import "time"

func pollOld(done <-chan struct{}) {
	ticker := time.NewTicker(time.Second) // want `the ticker from time.NewTicker in ticker is not released on every path`
	for {
		select {
		case <-done:
			return
		case <-ticker.C:
		}
	}
}
