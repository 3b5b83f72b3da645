package pollerignoresdone

import "time"

type WaitFunc func(done <-chan struct{}) <-chan struct{}

// Poller ticks every interval until done is closed.
func Poller(interval time.Duration) WaitFunc {
	return func(done <-chan struct{}) <-chan struct{} {
		ch := make(chan struct{})
		go func() {
			defer close(ch)
			t := time.NewTicker(interval)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					select {
					case ch <- struct{}{}:
					case <-done:
						return
					}
				case <-done:
					return
				}
			}
		}()
		return ch
	}
}

// WaitFor calls cond on every tick until it holds or the ticks stop.
func WaitFor(wait WaitFunc, cond func() bool, done <-chan struct{}) bool {
	c := wait(done)
	for {
		_, open := <-c
		if cond() {
			return true
		}
		if !open {
			return false
		}
	}
}

// PollUntil waits for cond, checking every interval.
func PollUntil(interval time.Duration, cond func() bool) bool {
	done := make(chan struct{})
	defer close(done)
	return WaitFor(Poller(interval), cond, done)
}
