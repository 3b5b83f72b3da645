package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

type stockLevel struct {
	SKU   string `json:"sku"`
	Count int    `json:"count"`
}

// handleStock asks the inventory service. The response body is never closed: every request leaves a
// connection in CLOSE_WAIT and two goroutines parked in the transport.
func (s *server) handleStock(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get(s.inventory + "/stock?sku=" + r.URL.Query().Get("sku")) // LEAK LF2001
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	var level stockLevel
	if err := json.NewDecoder(resp.Body).Decode(&level); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprintf(w, "%s: %d\n", level.SKU, level.Count)
}

// reserve calls the inventory service with a deadline. The cancel func is only called on the success
// path: the early return on a bad status leaks the context's timer until it fires.
func (s *server) reserve(sku string, n int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second) // LEAK LF4001
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/reserve?sku=%s&n=%d", s.inventory, sku, n), nil)
	if err != nil {
		cancel()
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("reserve %s: %s", sku, resp.Status)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	cancel()
	return err
}

// handlePrice asks every pricing backend and answers with the first quote. The result channel is
// unbuffered: when the timeout wins, or once the first quote is taken, the other workers block forever
// on their send.
func (s *server) handlePrice(w http.ResponseWriter, r *http.Request) {
	quotes := make(chan string)
	for _, backend := range s.pricing {
		go func(url string) {
			quotes <- fetchQuote(url) // LEAK LF1002
		}(backend)
	}
	select {
	case q := <-quotes:
		fmt.Fprintln(w, q)
	case <-time.After(500 * time.Millisecond):
		http.Error(w, "pricing timed out", http.StatusGatewayTimeout)
	}
}

func fetchQuote(url string) string {
	client := &http.Client{Timeout: time.Second}
	resp, err := client.Get(url + "/quote")
	if err != nil {
		return "unavailable"
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "unavailable"
	}
	return string(b)
}
