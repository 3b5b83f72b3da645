package fixes

import (
	"errors"
	"net/http"
)

// Fixed: the release is deferred after the error check, at the indentation of the acquire.

func etag(url string) (string, error) {
	resp, err := http.Get(url) // want `response body from http.Get in resp is not released on every path`
	if err != nil {
		return "", err
	}
	return resp.Header.Get("ETag"), nil
}

func inSwitchCase(kind int, url string) int {
	switch kind {
	case 1:
		resp, err := http.Get(url) // want `response body from http.Get in resp`
		if err != nil {
			panic(err)
		}
		return resp.StatusCode
	}
	return 0
}

func closedOnOnePath(url string) error {
	resp, err := http.Get(url) // want `response body from http.Get in resp`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New("bad status")
	}
	return resp.Body.Close()
}
