package polluntilleak

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// ErrWaitTimeout is returned when the condition exited without success.
var ErrWaitTimeout = errors.New("timed out waiting for the condition")

// NeverStop may be passed to Until to make it never stop.
var NeverStop <-chan struct{} = make(chan struct{})

type ConditionFunc func() (done bool, err error)

// WaitFunc creates a channel that receives an item every time a test should be executed and is closed
// when the last test should be invoked.
type WaitFunc func(done <-chan struct{}) <-chan struct{}

// PollUntil tries a condition func until it returns true, an error or stopCh is closed.
func PollUntil(interval time.Duration, condition ConditionFunc, stopCh <-chan struct{}) error {
	return WaitFor(poller(interval, 0), condition, stopCh)
}

func WaitFor(wait WaitFunc, fn ConditionFunc, done <-chan struct{}) error {
	c := wait(done)
	for {
		_, open := <-c
		ok, err := fn()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if !open {
			break
		}
	}
	return ErrWaitTimeout
}

// poller returns a WaitFunc that sends on its channel every interval until timeout or done.
func poller(interval, timeout time.Duration) WaitFunc {
	return WaitFunc(func(done <-chan struct{}) <-chan struct{} {
		ch := make(chan struct{})
		go func() {
			defer close(ch)
			tick := time.NewTicker(interval)
			defer tick.Stop()
			var after <-chan time.Time
			if timeout != 0 {
				timer := time.NewTimer(timeout)
				after = timer.C
				defer timer.Stop()
			}
			for {
				select {
				case <-tick.C:
					// If the consumer isn't ready for this signal drop it and check the other channels.
					select {
					case ch <- struct{}{}:
					default:
					}
				case <-after:
					return
				case <-done:
					return
				}
			}
		}()
		return ch
	})
}

// waitForNodeReady is how the kubelet bootstrap waits for its Node object.
func waitForNodeReady(getNode func() (bool, error), stopCh <-chan struct{}) error {
	return PollUntil(10*time.Millisecond, func() (bool, error) {
		ready, err := getNode()
		if err != nil {
			return false, nil // retry on apiserver errors
		}
		return ready, nil
	}, stopCh)
}

func TestNodeBecomesReady(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		var calls int32
		getNode := func() (bool, error) {
			if atomic.AddInt32(&calls, 1) < 3 {
				return false, errors.New(`nodes "worker-1" not found`)
			}
			return true, nil
		}
		if err := waitForNodeReady(getNode, NeverStop); err != nil {
			t.Errorf("wait: %v", err)
		}
	})
}
