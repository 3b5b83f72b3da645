package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// exportOrders streams the orders to the warehouse as JSON through a pipe. When the request cannot be built,
// the reader is dropped and the encoding goroutine blocks on its first write for ever.
func exportOrders(url string, orders []string) (*http.Request, error) {
	pr, pw := io.Pipe() // LEAK LF2002
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(orders))
	}()
	if url == "" {
		return nil, errors.New("no warehouse url")
	}
	return http.NewRequest(http.MethodPost, url, pr)
}
