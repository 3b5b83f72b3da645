package broadcastwithoutlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCloseWhileShipping(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		b := NewLogBuffer(1 << 20)
		waiting := make(chan struct{})
		var once bool
		b.beforeWait = func() {
			if !once {
				once = true
				close(waiting)
				time.Sleep(30 * time.Millisecond) // the container stops right now
			}
		}
		shipped := make(chan error, 1)
		go func() { shipped <- Ship(b, func([]byte) error { return nil }) }()
		<-waiting
		b.Close()
		<-shipped
	})
}
