// From Go 1.23 an unreferenced ticker is garbage collected whether or not it was stopped: a local ticker of a
// function that returns leaks nothing in a go1.23 module. Silent.
package collected

import "time"

func poll(done <-chan struct{}, check func() bool) {
	ticker := time.NewTicker(time.Second)
	for {
		select {
		case <-done:
			return
		case <-ticker.C:
			if check() {
				return
			}
		}
	}
}
