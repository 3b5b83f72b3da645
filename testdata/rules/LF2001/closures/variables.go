package closures

import (
	"fmt"
	"io"
	"net/http"
)

// A local variable that only holds function literals and is only called acts where it is called: the
// literal's close happens at `cleanup()`, not where `cleanup := func() {...}` is written.

func cleanupCalledTooLate(url string) error {
	resp, err := http.Get(url) // want `the return at line 19 is reached without resp.Body.Close\(\)`
	if err != nil {
		return err
	}
	cleanup := func() { resp.Body.Close() }
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	defer cleanup()
	return nil
}

func cleanupNeverCalled(url string) int {
	resp, err := http.Get(url) // want `not released on every path`
	if err != nil {
		return 0
	}
	cleanup := func() { resp.Body.Close() }
	_ = resp.StatusCode
	if false {
		cleanup()
	}
	return resp.StatusCode
}

func closerIgnoresItsArgument(url string) {
	skip := func(r *http.Response) { fmt.Println(r.Status) }
	resp, err := http.Get(url) // want `not released on every path`
	if err != nil {
		return
	}
	skip(resp)
}

func cleanupDeferred(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	cleanup := func() {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	defer cleanup()
	return nil
}

func cleanupOnEveryPath(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	cleanup := func() { resp.Body.Close() }
	if resp.StatusCode != http.StatusOK {
		cleanup()
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	cleanup()
	return nil
}

func closerTakesTheResponse(url string) {
	closeIt := func(r *http.Response) { r.Body.Close() }
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	defer closeIt(resp)
}

// Deferred before the request: it runs at the return and closes whatever resp holds then.
func cleanupDeferredFirst(url string) error {
	var resp *http.Response
	cleanup := func() {
		if resp != nil {
			resp.Body.Close()
		}
	}
	defer cleanup()
	var err error
	resp, err = http.Get(url)
	if err != nil {
		return err
	}
	return nil
}

// Handed to someone else, the variable can run anywhere: trusted to close.
func cleanupHandedOn(url string, onDone func(func())) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	cleanup := func() { resp.Body.Close() }
	onDone(cleanup)
}
