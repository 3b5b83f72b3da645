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

func (s *server) handleStock(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get(s.inventory + "/stock?sku=" + r.URL.Query().Get("sku"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	var level stockLevel
	if err := json.NewDecoder(resp.Body).Decode(&level); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprintf(w, "%s: %d\n", level.SKU, level.Count)
}

func (s *server) reserve(sku string, n int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/reserve?sku=%s&n=%d", s.inventory, sku, n), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer drainAndClose(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("reserve %s: %s", sku, resp.Status)
	}
	return nil
}

// drainAndClose lets the transport reuse the connection.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, body)
	_ = body.Close()
}

// handlePrice: the result channel has room for every worker, so none blocks when the timeout wins.
func (s *server) handlePrice(w http.ResponseWriter, r *http.Request) {
	quotes := make(chan string, len(s.pricing))
	for _, backend := range s.pricing {
		go func(url string) {
			quotes <- fetchQuote(url)
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
