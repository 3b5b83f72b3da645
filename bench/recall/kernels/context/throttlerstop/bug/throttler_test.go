package throttlerstop

import (
	"errors"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type waiter struct {
	ready chan struct{}
}

type Throttler struct {
	capacity int
	reqCh    chan *waiter
	release  chan struct{}
	stopCh   chan struct{}
	done     chan struct{}
}

func NewThrottler(capacity int) *Throttler {
	t := &Throttler{capacity: capacity, reqCh: make(chan *waiter), release: make(chan struct{}),
		stopCh: make(chan struct{}), done: make(chan struct{})}
	go t.loop()
	return t
}

func (t *Throttler) loop() {
	defer close(t.done)
	inFlight := 0
	var queue []*waiter
	for {
		select {
		case <-t.stopCh:
			return
		case w := <-t.reqCh:
			queue = append(queue, w)
		case <-t.release:
			inFlight--
		}
		for inFlight < t.capacity && len(queue) > 0 {
			close(queue[0].ready)
			queue = queue[1:]
			inFlight++
		}
	}
}

var errStopped = errors.New("throttler stopped")

// Try runs f once a slot is free.
func (t *Throttler) Try(f func()) error {
	w := &waiter{ready: make(chan struct{})}
	select {
	case t.reqCh <- w:
	case <-t.done:
		return errStopped
	}
	<-w.ready
	f()
	select {
	case t.release <- struct{}{}:
	case <-t.done:
	}
	return nil
}

func (t *Throttler) Stop() {
	close(t.stopCh)
	<-t.done
}

func TestStopWithQueuedRequests(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		th := NewThrottler(1)
		inside := make(chan struct{})
		finish := make(chan struct{})
		go th.Try(func() { close(inside); <-finish })
		<-inside
		second := make(chan error, 1)
		go func() { second <- th.Try(func() {}) }()
		time.Sleep(50 * time.Millisecond) // the second request is queued behind the first
		th.Stop()
		close(finish)
		<-second
	})
}
