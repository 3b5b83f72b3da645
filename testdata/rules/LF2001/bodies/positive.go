package bodies

import (
	"fmt"
	"io"
	"net/http"
)

func neverClosed(url string) (int, error) {
	resp, err := http.Get(url) // want `response body from http.Get in resp is not released on every path`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func closedOnlyOnSuccess(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req) // want `the return at line 23 is reached without resp.Body.Close\(\)`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func discarded(url string) {
	http.Post(url, "text/plain", nil) // want `response body returned by http.Post is discarded`
}

func blank(url string) error {
	_, err := http.Get(url) // want `discarded`
	return err
}

// Read to EOF on one path only: the early return still leaks the connection.
func readOnlyOnSuccess(url string) ([]byte, error) {
	resp, err := http.DefaultClient.Get(url) // want `the return at line 45 is reached without resp.Body.Close`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return io.ReadAll(resp.Body)
}

func inLoop(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `overwritten at line 52 before resp.Body.Close`
		if err != nil {
			continue
		}
		fmt.Println(resp.Status)
	}
}
