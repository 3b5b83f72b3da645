package new

import "time"

func poll() bool { return true }

// From go 1.23 an unreferenced ticker is collected: nothing to report whatever the loop does.
func pollUntilDone() {
	for range time.Tick(time.Second) {
		if poll() {
			return
		}
	}
}
