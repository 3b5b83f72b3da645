package fixes

import "time"

type server struct{ timeout time.Duration }

func (s *server) next() <-chan int { return nil }

// Reported, but no fix.

// A continue skips the Stop that would follow the select.
func skipping(in <-chan int) {
	for {
		select {
		case v := <-in:
			if v == 0 {
				continue
			}
		case <-time.After(time.Second): // want `time.After in a select inside a loop`
			return
		}
	}
}

// Another case's channel comes from a call that runs before the timer would be made.
func (s *server) fromCall() {
	for {
		select {
		case <-s.next():
		case <-time.After(s.timeout): // want `time.After in a select inside a loop`
			return
		}
	}
}

// The name timer is taken.
func named(in <-chan int, timer *time.Timer) {
	for {
		select {
		case <-in:
			timer.Reset(time.Second)
		case <-time.After(time.Second): // want `time.After in a select inside a loop`
			return
		}
	}
}
