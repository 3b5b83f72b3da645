package timeoutread

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// dialWithTimeout dials in a goroutine and gives up after d. The dialer hands its error over on a
// channel, so the timeout path never reads what the goroutine is still writing.
func dialWithTimeout(dial func() error, d time.Duration) error {
	errc := make(chan error, 1)
	go func() {
		errc <- dial()
	}()
	select {
	case err := <-errc:
		return err
	case <-time.After(d):
		return fmt.Errorf("dial timed out")
	}
}

func TestDialTimeout(t *testing.T) {
	refused := errors.New("connection refused")
	err := dialWithTimeout(func() error {
		time.Sleep(20 * time.Millisecond)
		return refused
	}, 5*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("got %v, want a timeout", err)
	}
	time.Sleep(50 * time.Millisecond) // the dialer finishes while the test still runs
}
