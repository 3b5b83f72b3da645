package unknown

import "time"

func poll() bool { return true }

// Without a go.mod the Go version is unknown, and a version-dependent rule stays silent.
func pollUntilDone() {
	for range time.Tick(time.Second) {
		if poll() {
			return
		}
	}
}
