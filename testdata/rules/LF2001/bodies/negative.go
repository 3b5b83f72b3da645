package bodies

import (
	"encoding/json"
	"io"
	"net/http"
)

func deferred(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func closedInClosure(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	var v map[string]any
	return json.NewDecoder(resp.Body).Decode(&v)
}

func returned(url string) (*http.Response, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func returnedDirectly(url string) (*http.Response, error) {
	return http.Get(url)
}

type holder struct{ resp *http.Response }

func stored(h *holder, url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	h.resp = resp
	return nil
}

func sent(ch chan<- *http.Response, url string) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	ch <- resp
}

func closedExplicitlyOnEveryPath(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != 200 {
		resp.Body.Close()
		return 0, nil
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return int(n), err
}

func nilChecked(url string) {
	resp, _ := http.Get(url)
	if resp != nil {
		defer resp.Body.Close()
	}
}

func errEqualNil(url string) error {
	resp, err := http.Get(url)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

func inLoopClosed(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		resp.Body.Close()
	}
}

func panicsOnError(url string) {
	resp, err := http.Get(url)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
}

func unknownCallee(url string, keep func(*http.Response)) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	keep(resp)
}

func bodyHandedToCloser(url string, sink func(io.ReadCloser)) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	sink(resp.Body)
}

// Found in golang.org/x/tools/internal/event/export/ocagent: a nil body has nothing to close.
func bodyNilChecked(c *http.Client, req *http.Request) {
	res, err := c.Do(req)
	if err != nil {
		return
	}
	if res.Body != nil {
		res.Body.Close()
	}
}

// A body read to EOF hands its connection back to the pool (net/http's Transport does so at EOF), so a
// response read whole and not closed keeps nothing open.
func readToEOF(url string) ([]byte, error) {
	resp, err := http.DefaultClient.Get(url)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

func drained(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// A HEAD response has no body (http.NoBody); its connection is back in the pool when Head returns.
func exists(c *http.Client, url string) (bool, error) {
	resp, err := c.Head(url)
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}

func headOnly(url string) {
	http.Head(url)
}
