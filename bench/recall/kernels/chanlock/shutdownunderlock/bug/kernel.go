package shutdownunderlock

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net"
	"net/http"
	"sync"
)

type Config struct {
	ListenAddr     string `json:"listen_addr"`
	ScrapeInterval string `json:"scrape_interval"`
	Version        int    `json:"version"`
}

// WebHandler serves the API and restarts its listener when the configuration changes.
type WebHandler struct {
	mu   sync.Mutex
	cfg  Config
	srv  *http.Server
	addr string
	logf func(format string, args ...interface{})
	// beforeShutdown runs in ApplyConfig before the old server is shut down (a testing hook).
	beforeShutdown func()
	// inHandler runs when a /api/v1/status request arrives (a testing hook).
	inHandler func()
}

func NewWebHandler(cfg Config) *WebHandler {
	return &WebHandler{cfg: cfg, logf: log.Printf}
}

func (h *WebHandler) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v1/status", h.serveStatus)
	return mux
}

func (h *WebHandler) serveStatus(w http.ResponseWriter, r *http.Request) {
	if h.inHandler != nil {
		h.inHandler()
	}
	h.mu.Lock()
	cfg := h.cfg
	h.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(cfg)
}

// startLocked listens on the configured address; h.mu must be held.
func (h *WebHandler) startLocked() error {
	ln, err := net.Listen("tcp", h.cfg.ListenAddr)
	if err != nil {
		return err
	}
	h.addr = ln.Addr().String()
	srv := &http.Server{Handler: h.routes()}
	h.srv = srv
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			h.logf("web: %v", err)
		}
	}()
	return nil
}

func (h *WebHandler) Start() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.startLocked()
}

func (h *WebHandler) Addr() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.addr
}

// ApplyConfig swaps in a new configuration and restarts the listener on it.
func (h *WebHandler) ApplyConfig(cfg Config) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.beforeShutdown != nil {
		h.beforeShutdown()
	}
	if err := h.srv.Shutdown(context.Background()); err != nil {
		return err
	}
	h.cfg = cfg
	return h.startLocked()
}

func (h *WebHandler) Close() error {
	h.mu.Lock()
	srv := h.srv
	h.mu.Unlock()
	return srv.Shutdown(context.Background())
}
