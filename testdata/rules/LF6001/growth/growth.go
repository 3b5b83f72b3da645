// Package growth holds maps and slices that live as long as the process and grow by one entry per client,
// path or header value a request brings.
package growth

import (
	"net"
	"net/http"
	"sync"
)

// Every session id a client sends stays in the map: nothing ever deletes it.
var (
	mu       sync.Mutex
	sessions = map[string]string{}
)

func Login(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get("X-Session")
	mu.Lock()
	sessions[id] = r.FormValue("user") // want `sessions only grows: Login inserts into it at growth.go:20 with a key taken from the request or connection, and nothing in package growth deletes from it, clears or replaces it, or checks its len`
	mu.Unlock()
}

func Lookup(id string) (string, bool) {
	mu.Lock()
	defer mu.Unlock()
	u, ok := sessions[id]
	return u, ok
}

// An audit trail appended to by every request, through an unexported helper.
var audit []string

func Handle(w http.ResponseWriter, r *http.Request) {
	record(r.URL.Path)
}

func record(path string) {
	audit = append(audit, path) // want `audit only grows: record appends to it at growth.go:39 a value taken from the request or connection, and nothing in package growth shrinks, clears or replaces it`
}

// Counting by path adds a key per distinct path any client asks for.
var hits = make(map[string]int)

func Count(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++ // want `hits only grows`
}

// A server made once by its constructor remembers every peer that ever connected.
type Server struct {
	mu    sync.Mutex
	peers map[string]*peer
}

type peer struct{ conn net.Conn }

func NewServer() *Server {
	return &Server{peers: make(map[string]*peer)}
}

func (s *Server) Accept(conn net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.peers[conn.RemoteAddr().String()] = &peer{conn: conn} // want `Server.peers only grows: Accept inserts into it`
}

// A handler registered as a value runs on every request; a lazily made map is still only grown.
var seen map[string]bool

func init() {
	http.HandleFunc("/visit", visit)
}

func visit(w http.ResponseWriter, r *http.Request) {
	if seen == nil {
		seen = make(map[string]bool)
	}
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	seen[host] = true // want `seen only grows: visit inserts into it`
}

// A rate limiter installed as a handler: one limiter per client address, for ever.
type limiter struct {
	mu       sync.Mutex
	visitors map[string]int
	next     http.Handler
}

func (l *limiter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	l.mu.Lock()
	l.visitors[host]++ // want `limiter.visitors only grows: ServeHTTP inserts into it`
	l.mu.Unlock()
	l.next.ServeHTTP(w, r)
}
