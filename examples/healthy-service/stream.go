package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// exportOrders streams the orders to the warehouse as JSON through a pipe. It checks the URL before it starts
// the encoder, and closes the reader if the request cannot be built, which fails the encoder's pending write.
func exportOrders(url string, orders []string) (*http.Request, error) {
	if url == "" {
		return nil, errors.New("no warehouse url")
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(orders))
	}()
	req, err := http.NewRequest(http.MethodPost, url, pr)
	if err != nil {
		pr.Close()
		return nil, err
	}
	return req, nil
}
