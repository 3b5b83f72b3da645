package main

import (
	"fmt"
	"log"
	"net/http"
	"time"
)

// refreshCatalog reloads the catalog every minute, forever.
func (s *server) refreshCatalog() {
	for range time.Tick(time.Minute) {
		if _, err := loadCatalog(s.catalog); err != nil {
			log.Printf("catalog: %v", err)
		}
	}
}

// pollPayments waits for payment events with a per-iteration timeout. Before Go 1.23 every time.After
// allocates a timer that lives until it fires, even when the event arrives first.
func (s *server) pollPayments() {
	events := make(chan string, 16)
	for {
		select {
		case e := <-events:
			log.Printf("payment %s", e)
		case <-time.After(30 * time.Second): // LEAK LF3003
			log.Printf("no payment in 30s")
		}
	}
}

// handleEvents streams a heartbeat to the client. The ticker is never stopped: when the client goes
// away, the handler returns and the ticker keeps firing into a channel nobody reads.
func (s *server) handleEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ticker := time.NewTicker(time.Second) // LEAK LF3001
	for {
		select {
		case <-r.Context().Done():
			return
		case t := <-ticker.C:
			fmt.Fprintf(w, "data: %s\n\n", t.Format(time.RFC3339))
			flusher.Flush()
		}
	}
}

// retryBudget reports how many retries are left each second while a batch runs. time.Tick in a function
// that returns leaks its ticker: nothing can ever stop it.
func retryBudget(done <-chan struct{}, budget int) {
	tick := time.Tick(time.Second) // LEAK LF3002
	for budget > 0 {
		select {
		case <-done:
			return
		case <-tick:
			budget--
			log.Printf("retry budget: %d", budget)
		}
	}
}
