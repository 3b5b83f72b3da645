package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
)

type order struct {
	ID    int64  `json:"id"`
	SKU   string `json:"sku"`
	Count int    `json:"count"`
}

// handleOrders lists recent orders. The rows are never closed: each request pins a connection of the
// pool until the pool is exhausted.
func (s *server) handleOrders(w http.ResponseWriter, r *http.Request) {
	rows, err := s.db.QueryContext(r.Context(), "SELECT id, sku, count FROM orders ORDER BY id DESC LIMIT 50") // LEAK LF2002
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	var out []order
	for rows.Next() {
		var o order
		if err := rows.Scan(&o.ID, &o.SKU, &o.Count); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		out = append(out, o)
	}
	_ = json.NewEncoder(w).Encode(out)
}

// loadCatalog reads the catalog; the file is not closed when the JSON is bad.
func loadCatalog(path string) (map[string]string, error) {
	f, err := os.Open(path) // LEAK LF2002
	if err != nil {
		return nil, err
	}
	catalog := map[string]string{}
	if err := json.NewDecoder(f).Decode(&catalog); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f.Close()
	return catalog, nil
}

// handleExport concatenates the daily export files. The deferred Close runs only when the handler
// returns, so every file of the loop stays open until then.
func (s *server) handleExport(w http.ResponseWriter, r *http.Request) {
	days, err := filepath.Glob("exports/*.csv")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	for _, day := range days {
		f, err := os.Open(day)
		if err != nil {
			continue
		}
		defer f.Close() // LEAK LF2003
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fmt.Fprintln(w, sc.Text())
		}
	}
}

func (s *server) countOrders(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM orders").Scan(&n)
	return n, err
}
