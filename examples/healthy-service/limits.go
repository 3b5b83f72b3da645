package main

import (
	"errors"
	"net/http"
	"sync"
	"time"
)

var errQuotaExceeded = errors.New("quota exceeded")

// quotas counts the requests of each customer against a limit per minute.
type quotas struct {
	mu     sync.Mutex
	used   map[string]int
	limit  int
	window time.Time
}

var customerQuotas = &quotas{used: map[string]int{}, limit: 1000}

func (q *quotas) take(customer string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if now := time.Now(); now.Sub(q.window) >= time.Minute {
		// A new window: the last one's counts, and every customer name a request ever sent, are dropped.
		q.used = map[string]int{}
		q.window = now
	}
	if q.used[customer] >= q.limit {
		return errQuotaExceeded
	}
	q.used[customer]++
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
		wg.Add(1)
		go func(url string) {
			defer wg.Done()
			_ = fetchQuote(url)
		}(url)
	}
	wg.Wait()
}
