package mainleak

import "time"

// StartTicker starts a background loop that nothing ever stops.
func StartTicker(tick func()) {
	go func() {
		for range time.Tick(time.Hour) {
			tick()
		}
	}()
}
