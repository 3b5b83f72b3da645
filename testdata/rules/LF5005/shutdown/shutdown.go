package shutdown

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"sync"
	"time"
)

type Config struct {
	Addr    string
	Version int
}

// A web handler restarting its listener on a reload, under the lock its status handler reads the configuration with.
type WebHandler struct {
	mu  sync.Mutex
	cfg Config
	srv *http.Server
}

func (h *WebHandler) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/status", h.serveStatus)
	mux.Handle("/healthz", http.HandlerFunc(h.serveHealth))
	return mux
}

func (h *WebHandler) serveStatus(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	cfg := h.cfg
	h.mu.Unlock()
	json.NewEncoder(w).Encode(cfg)
}

func (h *WebHandler) serveHealth(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }

func (h *WebHandler) startLocked() error {
	ln, err := net.Listen("tcp", h.cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h.routes()}
	h.srv = srv
	go srv.Serve(ln)
	return nil
}

func (h *WebHandler) ApplyConfig(cfg Config) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.srv.Shutdown(context.Background()); err != nil { // want `ApplyConfig calls Shutdown on the http.Server h.srv while holding h.mu \(locked at line \d+\); Shutdown waits until every request in flight has been served and its context is never done, but serveStatus, a handler of that server, locks WebHandler.mu`
		return err
	}
	h.cfg = cfg
	return h.startLocked()
}

// The fix: shut the old server down without the lock.
func (h *WebHandler) ApplyConfigUnlocked(cfg Config) error {
	h.mu.Lock()
	old := h.srv
	h.mu.Unlock()
	if err := old.Shutdown(context.Background()); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.cfg = cfg
	return h.startLocked()
}

// A Shutdown bounded by a deadline returns once it passes: a stall, not a deadlock.
func (h *WebHandler) StopWithTimeout() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return h.srv.Shutdown(ctx)
}

// Close does not wait for the handlers.
func (h *WebHandler) CloseNow() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.srv.Close()
}

// The server is its own handler (ServeHTTP), which reads its table through a method that locks; Stop shuts it down
// from a helper called under the lock.
type registry struct {
	mu      sync.RWMutex
	entries map[string]string
	http    *http.Server
}

func newRegistry(addr string) *registry {
	r := &registry{entries: map[string]string{}}
	r.http = &http.Server{Addr: addr, Handler: r}
	return r
}

func (r *registry) lookup(key string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.entries[key]
}

func (r *registry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	w.Write([]byte(r.lookup(req.URL.Path)))
}

func (r *registry) stopServer() error {
	return r.http.Shutdown(context.TODO())
}

func (r *registry) Stop() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries = nil
	return r.stopServer() // want `Stop calls Shutdown on the http.Server r.http \(in stopServer, line \d+\) while holding r.mu`
}

// Holding only the read lock, while the handlers read-lock too: they do not exclude each other... unless a writer
// waits between them, which Set is.
func (r *registry) Set(k, v string) {
	r.mu.Lock()
	r.entries[k] = v
	r.mu.Unlock()
}

func (r *registry) Drain() error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.http.Shutdown(context.Background()) // want `Drain calls Shutdown on the http.Server r.http while holding r.mu .*\(a read lock`
}

// A server in a local, its handlers literals on a local mux.
type app struct {
	mu    sync.Mutex
	hits  int
	other sync.Mutex
	stop  chan struct{}
}

func newApp() *app { return &app{stop: make(chan struct{})} }

func (a *app) Run(ln net.Listener) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.hits++
		a.mu.Unlock()
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	<-a.stop
	a.mu.Lock()
	defer a.mu.Unlock()
	srv.Shutdown(context.Background()) // want `Run calls Shutdown on the http.Server srv while holding a.mu`
}

// The handlers take another lock than the one held across Shutdown.
func (a *app) RunOther(ln net.Listener) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.hits++
		a.mu.Unlock()
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	<-a.stop
	a.other.Lock()
	defer a.other.Unlock()
	srv.Shutdown(context.Background())
}

// A handler that takes the lock only in a goroutine it starts returns without waiting for it.
func (a *app) RunAsync(ln net.Listener) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		go func() {
			a.mu.Lock()
			a.hits++
			a.mu.Unlock()
		}()
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	<-a.stop
	a.mu.Lock()
	defer a.mu.Unlock()
	srv.Shutdown(context.Background())
}

// A server handed in from outside may serve anything: its handlers are not known.
type wrapper struct {
	mu  sync.Mutex
	srv *http.Server
	n   int
}

func NewWrapper(srv *http.Server) *wrapper { return &wrapper{srv: srv} }

func (w *wrapper) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	w.n++
	w.mu.Unlock()
}

func (w *wrapper) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.srv.Shutdown(context.Background())
}

// A context cancelled by Stop's caller may end the wait.
func (h *WebHandler) StopCtx(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.srv.Shutdown(ctx)
}
