package unlockearlyreturn

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Service struct {
	ID   string
	Name string
	Port int
}

type Catalog struct {
	mu       sync.Mutex
	services map[string]Service
	index    uint64
}

func NewCatalog() *Catalog { return &Catalog{services: map[string]Service{}} }

var errInvalidPort = errors.New("invalid port")

func (c *Catalog) Register(s Service) error {
	c.mu.Lock()
	if s.Port <= 0 || s.Port > 65535 {
		return fmt.Errorf("service %s: %w", s.ID, errInvalidPort)
	}
	c.services[s.ID] = s
	c.index++
	c.mu.Unlock()
	return nil
}

func (c *Catalog) Services(name string) []Service {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Service
	for _, s := range c.services {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

func TestRejectedRegistrationKeepsCatalogUsable(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewCatalog()
		if err := c.Register(Service{ID: "web-1", Name: "web", Port: 0}); !errors.Is(err, errInvalidPort) {
			t.Errorf("err = %v", err)
		}
		if err := c.Register(Service{ID: "web-2", Name: "web", Port: 8080}); err != nil {
			t.Errorf("err = %v", err)
		}
		if n := len(c.Services("web")); n != 1 {
			t.Errorf("services = %d", n)
		}
	})
}
