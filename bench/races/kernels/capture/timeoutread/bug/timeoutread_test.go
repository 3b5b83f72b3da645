package timeoutread

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// dialWithTimeout dials in a goroutine and gives up after d, reporting the dialer's last error so
// the caller knows why the connection is slow, as a client transport does.
func dialWithTimeout(dial func() error, d time.Duration) error {
	var err error
	done := make(chan struct{})
	go func() {
		err = dial()
		close(done)
	}()
	select {
	case <-done:
		return err
	case <-time.After(d):
		return fmt.Errorf("dial timed out (last error: %v)", err)
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
