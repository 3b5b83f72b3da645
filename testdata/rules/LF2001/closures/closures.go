package closures

import (
	"fmt"
	"io"
	"log"
	"net/http"
)

// A function literal called where it stands runs its body there: what it does to the response counts at
// that point. One stored or passed elsewhere runs who knows when, so it is trusted to close what it mentions.

func deferredLogOnly(url string) error {
	resp, err := http.Get(url) // want `response body from http.Get in resp is not released on every path`
	if err != nil {
		return err
	}
	defer func() { log.Println("fetched", url, resp.Status) }()
	return nil
}

func deferredLiteralIgnoresItsArgument(url string) {
	resp, err := http.Get(url) // want `the return at line 28 is reached without resp.Body.Close\(\)`
	if err != nil {
		return
	}
	defer func(body io.ReadCloser) {}(resp.Body)
}

func invokedInPlace(url string) int {
	resp, err := http.Get(url) // want `not released on every path`
	if err != nil {
		return 0
	}
	code := func() int { return resp.StatusCode }()
	return code
}

func goroutineOnlyPrints(url string) {
	resp, err := http.Get(url) // want `not released on every path`
	if err != nil {
		return
	}
	go func(r *http.Response) { fmt.Println(r.Status) }(resp)
}

func closedBeforeTheClosureRuns(url string) error {
	resp, err := http.Get(url) // want `the return at line 53 is reached without resp.Body.Close\(\)`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	defer func() { _ = resp.Body.Close() }()
	return nil
}

func deferredDrainAndClose(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer func() {
		_, _ = io.Copy(io.Discard, resp.Body)
		if err := resp.Body.Close(); err != nil {
			log.Print(err)
		}
	}()
	return nil
}

func deferredNilChecked(url string) {
	resp, _ := http.Get(url)
	defer func() {
		if resp != nil {
			resp.Body.Close()
		}
	}()
}

func literalClosesItsArgument(url string) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	defer func(c io.Closer) { _ = c.Close() }(resp.Body)
}

func goroutineCloses(url string, out chan<- []byte) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	go func() {
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		out <- b
	}()
}

func goroutineParameterCloses(url string) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	go func(r *http.Response) {
		defer r.Body.Close()
		_, _ = io.Copy(io.Discard, r.Body)
	}(resp)
}

func storedCloserCalledLater(url string) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	closer := func() { resp.Body.Close() }
	defer closer()
}

func register(cleanup func()) { cleanup() }

func closerHandedToRegistry(url string) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	register(func() { resp.Body.Close() })
}

// Flow-insensitive inside the literal: a close on one of its paths counts (the path search does not enter it).
func closedOnSomePathOfTheLiteral(url string, drain bool) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	defer func() {
		if drain {
			resp.Body.Close()
		}
	}()
}
