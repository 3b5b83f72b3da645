package old

import "time"

func main() {
	for range time.Tick(time.Second) {
		poll()
	}
}

func init() {
	go func() {
		for range time.Tick(time.Minute) {
			poll()
		}
	}()
}

func poll() bool { return true }

func pollUntilDone() {
	for range time.Tick(time.Second) { // want `the loop ranging over it can end, .*before go1.23 an unstopped ticker is never garbage collected`
		if poll() {
			return
		}
	}
}

func forever() {
	for range time.Tick(time.Second) {
		poll()
	}
}

func foreverVar(done <-chan struct{}) {
	t := time.Tick(time.Second)
	for {
		select {
		case <-t:
			poll()
		}
	}
}

func stopsReading(done <-chan struct{}) {
	t := time.Tick(time.Second) // want `stopsReading can stop reading t and return`
	for {
		select {
		case <-done:
			return
		case <-t:
			poll()
		}
	}
}

func perIteration(done <-chan struct{}) {
	for {
		select {
		case <-done:
		case <-time.Tick(time.Second): // want `called once per loop iteration`
			poll()
		}
	}
}

func worker() {
	go func() {
		for range time.Tick(time.Second) {
			poll()
		}
	}()
}

func labeledBreak() {
outer:
	for range time.Tick(time.Second) { // want `the loop ranging over it can end`
		for i := 0; i < 3; i++ {
			if poll() {
				break outer
			}
		}
	}
}

func innerBreakOnly() {
	for range time.Tick(time.Second) {
		for i := 0; i < 3; i++ {
			if poll() {
				break
			}
		}
	}
}
