package main

import (
	"errors"
	"net/http"
	"sync"
)

var errQuotaExceeded = errors.New("quota exceeded")

// quotas counts the requests of each customer against a limit.
type quotas struct {
	mu    sync.Mutex
	used  map[string]int
	limit int
}

var customerQuotas = &quotas{used: map[string]int{}, limit: 1000}

func (q *quotas) take(customer string) error {
	q.mu.Lock() // LEAK LF5002
	if q.used[customer] >= q.limit {
		return errQuotaExceeded
	}
	q.used[customer]++ // LEAK LF6001
	q.mu.Unlock()
	return nil
}

func (s *server) handleQuota(w http.ResponseWriter, r *http.Request) {
	if err := customerQuotas.take(r.URL.Query().Get("customer")); err != nil {
		http.Error(w, err.Error(), http.StatusTooManyRequests)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// warmPrices asks every pricing upstream once before the service reports ready.
func (s *server) warmPrices() {
	var wg sync.WaitGroup
	for _, url := range s.pricing {
		go func(url string) {
			wg.Add(1) // LEAK LF5001
			defer wg.Done()
			_ = fetchQuote(url)
		}(url)
	}
	wg.Wait()
}
