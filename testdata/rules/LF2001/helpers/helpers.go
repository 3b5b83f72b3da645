package helpers

import (
	"io"
	"net/http"
)

// closeBody is the helper every codebase has; callers that defer it close the body.
func closeBody(resp *http.Response) {
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}

func closeQuietly(c io.Closer) { _ = c.Close() }

// get moves the duty to close to its callers.
func get(url string) (*http.Response, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// fetch returns a response it already closed: no duty for callers.
func fetch(url string) (*http.Response, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return resp, nil
}

func status(resp *http.Response) int { return resp.StatusCode }

func helperDeferred(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer closeBody(resp)
	return nil
}

func helperOnBody(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer closeQuietly(resp.Body)
	return nil
}

func callerOfGet(url string) int {
	resp, err := get(url) // want `response body from helpers.get in resp is not released`
	if err != nil {
		return 0
	}
	return status(resp)
}

func callerOfGetCloses(url string) int {
	resp, err := get(url)
	if err != nil {
		return 0
	}
	defer closeBody(resp)
	return status(resp)
}

func callerOfFetch(url string) int {
	resp, err := fetch(url)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func readsOnlyHelperDoesNotClose(url string) int {
	resp, err := http.Get(url) // want `not released on every path`
	if err != nil {
		return 0
	}
	return status(resp)
}
