package new

import "time"

// From go 1.23 timers nobody references are collected before they fire.
func consume(in <-chan int, handle func(int)) {
	for {
		select {
		case v := <-in:
			handle(v)
		case <-time.After(time.Minute):
			return
		}
	}
}
