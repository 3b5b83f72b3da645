package slotreturnedquietly

import (
	"context"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCancelledRequestGivesSlotBack(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		l := NewLimiter(1)
		l.Acquire() // a long request holds the only slot
		cancelled, cancel := context.WithCancel(context.Background())
		cancel()
		aborted := make(chan error)
		go func() { aborted <- l.Do(cancelled, func() {}) }()
		time.Sleep(20 * time.Millisecond) // the cancelled request waits first: the first signal goes to it
		done := make(chan struct{})
		go func() {
			l.Do(context.Background(), func() {})
			close(done)
		}()
		time.Sleep(50 * time.Millisecond) // both requests wait for the slot
		l.Release()
		<-aborted
		<-done
	})
}
