package fanout

import (
	"fmt"
	"time"
)

// The timeout case never heard from the dialer: it reads err while the goroutine may be assigning it.
func dialWithTimeout(dial func() error, d time.Duration) error {
	var err error
	done := make(chan struct{})
	go func() {
		err = dial() // want `the goroutine writes err while the function that starts it uses it at line 20`
		close(done)
	}()
	select {
	case <-done:
		return err
	case <-time.After(d):
		return fmt.Errorf("dial timed out (last error: %v)", err)
	}
}

// Negative: only the case that received from done reads err; the timeout case does not.
func dialOrGiveUp(dial func() error, d time.Duration) error {
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
		return fmt.Errorf("dial timed out after %v", d)
	}
}

// Negative: the error is handed over on the channel; the timeout case reads nothing the goroutine writes.
func dialHandOver(dial func() error, d time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- dial() }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case err := <-errc:
		return err
	case <-t.C:
		return fmt.Errorf("dial timed out")
	}
}

// A standard call that cannot wait for the goroutine (time.Now, Sprintf) does not stop the scan.
func stampWhileWorking(work func() string) string {
	var status string
	go func() {
		status = work() // want `the goroutine writes status while the function that starts it uses it at line 60`
	}()
	return fmt.Sprintf("%s at %s", status, time.Now().Format(time.Kitchen))
}
