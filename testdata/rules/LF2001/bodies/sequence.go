package bodies

import "net/http"

// A second request into the same variable loses the first response when it was not closed before.

func twoRequests(u1, u2 string) int {
	resp, err := http.Get(u1) // want `response body from http.Get in resp is overwritten at line 13 before resp.Body.Close\(\)`
	if err != nil {
		return 0
	}
	code := resp.StatusCode
	resp, err = http.Get(u2)
	if err != nil {
		return code
	}
	defer resp.Body.Close()
	return code + resp.StatusCode
}

func twoRequestsClosedBetween(u1, u2 string) int {
	resp, err := http.Get(u1)
	if err != nil {
		return 0
	}
	code := resp.StatusCode
	resp.Body.Close()
	resp, err = http.Get(u2)
	if err != nil {
		return code
	}
	defer resp.Body.Close()
	return code + resp.StatusCode
}

// reissue closes the response it is given and returns a fresh one.
func reissue(c *http.Client, resp *http.Response) (*http.Response, error) {
	resp.Body.Close()
	return c.Do(resp.Request)
}

func followOnce(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	resp, err = reissue(c, resp)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
