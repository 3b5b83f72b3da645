package fixes

import (
	"errors"
	"fmt"
	"net/http"
)

// Reported, but no fix: a deferred Close would be wrong or would not compile here.

func errorIgnored(url string) int {
	resp, _ := http.Get(url) // want `response body from http.Get in resp`
	return resp.StatusCode
}

func errorCheckedLater(url string) int {
	resp, err := http.Get(url) // want `response body from http.Get in resp`
	fmt.Println("fetched", url)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func errorCheckWithElse(url string) int {
	resp, err := http.Get(url) // want `response body from http.Get in resp`
	if err != nil {
		return 0
	} else {
		fmt.Println("ok")
	}
	return resp.StatusCode
}

func returnedOnSuccess(url string) (*http.Response, error) {
	resp, err := http.Get(url) // want `response body from http.Get in resp`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New("bad status")
	}
	return resp, nil
}

func usedByGoroutine(url string) error {
	resp, err := http.Get(url) // want `response body from http.Get in resp`
	if err != nil {
		return err
	}
	go func(r *http.Response) { fmt.Println(r.Status) }(resp)
	return nil
}

func inLoop(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `response body from http.Get in resp`
		if err != nil {
			return
		}
		fmt.Println(resp.StatusCode)
	}
}
