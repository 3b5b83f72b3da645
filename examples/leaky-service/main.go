// Command orders is a small order service: an HTTP API over a catalog file, an inventory upstream and a
// SQL store, with background jobs. This copy has the leaks real services ship with; each leaking line is
// marked with the rule that finds it (examples/healthy-service is the same service, fixed).
package main

import (
	"database/sql"
	"log"
	"net/http"
	"os"
	"time"

	"example.com/orders/watch"
)

type server struct {
	db        *sql.DB
	inventory string
	pricing   []string
	catalog   string
}

func main() {
	s := &server{
		inventory: envOr("INVENTORY_URL", "http://127.0.0.1:9001"),
		pricing:   []string{"http://127.0.0.1:9002", "http://127.0.0.1:9003"},
		catalog:   envOr("CATALOG_FILE", "catalog.json"),
	}
	s.warmPrices()
	events := newNotifier(5*time.Second, []string{envOr("WAREHOUSE_URL", "http://127.0.0.1:9004")})
	go s.refreshCatalog()
	go s.pollPayments()
	go s.reloadOnChange()
	mux := http.NewServeMux()
	mux.HandleFunc("/orders", s.handleOrders)
	mux.HandleFunc("/stock", s.handleStock)
	mux.HandleFunc("/price", s.handlePrice)
	mux.HandleFunc("/export", s.handleExport)
	mux.HandleFunc("/events", s.handleEvents)
	mux.HandleFunc("/quota", s.handleQuota)
	mux.HandleFunc("/catalog/status", s.handleCatalogStatus)
	mux.HandleFunc("/upload", s.handleUpload)
	mux.HandleFunc("/report", s.handleReport)
	mux.HandleFunc("/lock", s.handleLockStatus)
	mux.HandleFunc("/export/warehouse", func(w http.ResponseWriter, r *http.Request) {
		req, err := exportOrders(envOr("WAREHOUSE_URL", ""), r.URL.Query()["order"])
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		resp.Body.Close()
	})
	mux.HandleFunc("/catalog/watch", func(w http.ResponseWriter, r *http.Request) {
		watch.Poll(s.catalog, time.Second, func() { log.Printf("catalog changed while %s waited", r.RemoteAddr) })
	})
	mux.HandleFunc("/ship", func(w http.ResponseWriter, r *http.Request) { events.add("ship " + r.URL.Query().Get("order")) })
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
