package hookorder

import "sync"

// A server runs the shutdown hooks registered from init while it holds its lock; the metrics hook takes the
// registry's lock. Collect holds the registry's lock and asks the server for its state: AB-BA.
type Server struct {
	mu    sync.Mutex
	conns int
}

type Registry struct {
	mu      sync.Mutex
	samples map[string]int
}

var metrics = &Registry{samples: map[string]int{}}

var shutdownHooks []func(s *Server)

func onShutdown(h func(s *Server)) { shutdownHooks = append(shutdownHooks, h) }

func init() { onShutdown(recordShutdown) }

func recordShutdown(s *Server) {
	metrics.mu.Lock()
	metrics.samples["shutdown"]++
	metrics.mu.Unlock()
}

func (s *Server) Shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns = 0
	for _, h := range shutdownHooks {
		h(s) // want `lock-order inversion: Shutdown takes metrics.mu \(Registry.mu\) \(through recordShutdown\) while holding s.mu`
	}
}

func (s *Server) Conns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

func (r *Registry) Collect(s *Server) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.samples["conns"] = s.Conns()
}

// The same hooks run after the server's lock is released: no order between the two. Silent.
type Client struct {
	mu   sync.Mutex
	open bool
}

var closeHooks []func(c *Client)

func onClose(h func(c *Client)) { closeHooks = append(closeHooks, h) }

func init() { onClose(func(c *Client) { metrics.mu.Lock(); metrics.samples["close"]++; metrics.mu.Unlock() }) }

func (c *Client) Close() {
	c.mu.Lock()
	c.open = false
	c.mu.Unlock()
	for _, h := range closeHooks {
		h(c)
	}
}

func (c *Client) Open() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.open
}

func (r *Registry) CollectClient(c *Client) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c.Open() {
		r.samples["clients"]++
	}
}
