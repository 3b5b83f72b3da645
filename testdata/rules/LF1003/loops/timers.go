package loops

import "time"

// A timer callback (and a goroutine a method starts) sends on the loop's channel after the loop may have stopped.

type expirer struct {
	expired chan string
	stop    chan struct{}
}

func newExpirer() *expirer {
	e := &expirer{expired: make(chan string), stop: make(chan struct{})}
	go e.loop()
	return e
}

func (e *expirer) loop() {
	for {
		select {
		case id := <-e.expired:
			_ = id
		case <-e.stop:
			return
		}
	}
}

func (e *expirer) arm(id string, ttl time.Duration) *time.Timer {
	return time.AfterFunc(ttl, func() {
		e.expired <- id // want `arm sends on e.expired, which only the goroutine running loop receives from`
	})
}

func (e *expirer) Stop() { close(e.stop) }

// Fixed: the callback selects on the stop channel too.
type safeExpirer struct {
	expired chan string
	stop    chan struct{}
}

func newSafeExpirer() *safeExpirer {
	e := &safeExpirer{expired: make(chan string), stop: make(chan struct{})}
	go e.loop()
	return e
}

func (e *safeExpirer) loop() {
	for {
		select {
		case id := <-e.expired:
			_ = id
		case <-e.stop:
			return
		}
	}
}

func (e *safeExpirer) arm(id string, ttl time.Duration) *time.Timer {
	return time.AfterFunc(ttl, func() {
		select {
		case e.expired <- id:
		case <-e.stop:
		}
	})
}

func (e *safeExpirer) Stop() { close(e.stop) }
