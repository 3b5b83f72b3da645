package pollunderlock

import (
	"errors"
	"log"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var errWaitStopped = errors.New("timed out waiting for the condition")

// pollUntil calls cond every interval until it returns true or stop is closed.
func pollUntil(interval time.Duration, cond func() bool, stop <-chan struct{}) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if cond() {
			return nil
		}
		select {
		case <-t.C:
		case <-stop:
			return errWaitStopped
		}
	}
}

// neverStop is a stop channel that is never closed.
var neverStop <-chan struct{} = make(chan struct{})

type Endpoint struct {
	Service string
	Addrs   []string
}

// EndpointCache mirrors the endpoints of every service; a lister goroutine fills it.
type EndpointCache struct {
	mu        sync.Mutex
	endpoints map[string]Endpoint
	synced    bool
	list      func() ([]Endpoint, error)
	logf      func(format string, args ...interface{})
}

func NewEndpointCache(list func() ([]Endpoint, error)) *EndpointCache {
	return &EndpointCache{endpoints: make(map[string]Endpoint), list: list, logf: log.Printf}
}

func (c *EndpointCache) Run() { go c.initialSync() }

func (c *EndpointCache) initialSync() {
	eps, err := c.list()
	if err != nil {
		c.logf("endpoints: initial list: %v", err)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ep := range eps {
		c.endpoints[ep.Service] = ep
	}
	c.synced = true
}

func (c *EndpointCache) hasSynced() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.synced
}

// Lookup returns a service's addresses, waiting for the first full list. It waits without the lock:
// the lister needs it to mark the cache synced.
func (c *EndpointCache) Lookup(service string) []string {
	if err := pollUntil(10*time.Millisecond, c.hasSynced, neverStop); err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.endpoints[service].Addrs
}

func TestLookupBeforeSync(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewEndpointCache(func() ([]Endpoint, error) {
			time.Sleep(30 * time.Millisecond) // the API server answers slowly
			return []Endpoint{{Service: "default/api", Addrs: []string{"10.2.0.9:8443"}}}, nil
		})
		c.logf = t.Logf
		c.Run()
		if got := c.Lookup("default/api"); len(got) != 1 {
			t.Errorf("lookup: %v", got)
		}
	})
}
