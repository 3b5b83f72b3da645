package closers

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// An upload that streams its JSON through a pipe: when the request cannot be built, the reader is dropped and
// the encoding goroutine blocks on its first write for ever.
func uploadJSON(url string, v interface{}) (*http.Request, error) {
	pr, pw := io.Pipe() // want `the pipe end from io.Pipe in pr is not released on every path`
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(v))
	}()
	if url == "" {
		return nil, errors.New("no url")
	}
	req, err := http.NewRequest("POST", url, pr)
	if err != nil {
		return nil, err
	}
	return req, nil
}

// The fix: close the reader on the error paths, which fails the writer's pending write.
func uploadJSONFixed(url string, v interface{}) (*http.Request, error) {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(v))
	}()
	if url == "" {
		pr.Close()
		return nil, errors.New("no url")
	}
	req, err := http.NewRequest("POST", url, pr)
	if err != nil {
		pr.Close()
		return nil, err
	}
	return req, nil
}

// The reader handed to the caller, the writer to the goroutine: nothing to close here.
func encodeStream(v interface{}) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(v))
	}()
	return pr
}

// No goroutine waits on either end: both are garbage when the function returns.
func pipeUnused(skip bool) error {
	pr, pw := io.Pipe()
	if skip {
		return nil
	}
	go io.Copy(io.Discard, pr)
	pw.Close()
	return nil
}
