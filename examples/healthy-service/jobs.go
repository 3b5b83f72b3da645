package main

import (
	"fmt"
	"log"
	"net/http"
	"time"
)

// refreshCatalog reloads the catalog every minute, forever: time.Tick in an endless loop is fine.
func (s *server) refreshCatalog() {
	for range time.Tick(time.Minute) {
		if _, err := loadCatalog(s.catalog); err != nil {
			log.Printf("catalog: %v", err)
		}
	}
}

// pollPayments reuses one timer instead of allocating one per iteration.
func (s *server) pollPayments() {
	events := make(chan string, 16)
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	for {
		select {
		case e := <-events:
			log.Printf("payment %s", e)
			if !timer.Stop() {
				<-timer.C
			}
		case <-timer.C:
			log.Printf("no payment in 30s")
		}
		timer.Reset(30 * time.Second)
	}
}

func (s *server) handleEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
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

func retryBudget(done <-chan struct{}, budget int) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for budget > 0 {
		select {
		case <-done:
			return
		case <-ticker.C:
			budget--
			log.Printf("retry budget: %d", budget)
		}
	}
}
