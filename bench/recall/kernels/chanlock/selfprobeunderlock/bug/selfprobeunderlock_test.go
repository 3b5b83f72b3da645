package selfprobeunderlock

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type check struct {
	service string
	url     string
	status  string
}

// Agent keeps the local services and their health checks.
type Agent struct {
	mu       sync.Mutex
	services map[string]bool
	checks   []*check
	client   *http.Client
}

func NewAgent() *Agent {
	return &Agent{services: map[string]bool{}, client: &http.Client{Transport: &http.Transport{}}}
}

func (a *Agent) Register(service, checkURL string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.services[service] = true
	a.checks = append(a.checks, &check{service: service, url: checkURL, status: "critical"})
}

// ServeHTTP answers /v1/agent/self.
func (a *Agent) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	fmt.Fprintf(w, `{"services": %d}`, len(a.services))
}

// SyncChecks runs every check and records its status; the lock keeps the statuses consistent
// with the set of services.
func (a *Agent) SyncChecks() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, c := range a.checks {
		c.status = a.httpCheck(c.url)
	}
}

func (a *Agent) httpCheck(url string) string {
	resp, err := a.client.Get(url)
	if err != nil {
		return "critical"
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "critical"
	}
	return "passing"
}

func (a *Agent) Status(service string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, c := range a.checks {
		if c.service == service {
			return c.status
		}
	}
	return ""
}

func TestCheckAgainstOwnAPI(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		a := NewAgent()
		srv := httptest.NewServer(a)
		a.Register("consul-self", srv.URL+"/v1/agent/self")
		a.SyncChecks()
		if s := a.Status("consul-self"); s != "passing" {
			t.Errorf("status = %q", s)
		}
		a.client.CloseIdleConnections()
		srv.Close()
	})
}
