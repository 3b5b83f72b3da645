package defertrackrelock

import (
	"errors"
	"sort"
	"sync"
	"time"
)

type Instance struct {
	ID      string
	Address string
	Port    int
	Tags    []string
}

type opStats struct {
	count int
	total time.Duration
	max   time.Duration
}

// Catalog is the agent's local service catalog. The embedded mutex guards services and stats.
type Catalog struct {
	sync.Mutex
	services map[string][]Instance
	stats    map[string]*opStats
	clock    func() time.Time
	node     string
}

func NewCatalog(node string) *Catalog {
	return &Catalog{
		node:     node,
		services: map[string][]Instance{},
		stats:    map[string]*opStats{},
		clock:    time.Now,
	}
}

// statsFor must be called with the catalog locked.
func (c *Catalog) statsFor(op string) *opStats {
	st, ok := c.stats[op]
	if !ok {
		st = &opStats{}
		c.stats[op] = st
	}
	return st
}

// track notes the start of op and returns the function that records how long it took; callers use
// it as `defer c.track("op")()`.
func (c *Catalog) track(op string) func() {
	start := c.clock()
	return func() {
		d := c.clock().Sub(start)
		c.Lock()
		st := c.statsFor(op)
		st.count++
		st.total += d
		if d > st.max {
			st.max = d
		}
		c.Unlock()
	}
}

var errInvalid = errors.New("invalid instance")

func (c *Catalog) Register(service string, inst Instance) error {
	defer c.track("register")()
	c.Lock()
	defer c.Unlock()
	if inst.ID == "" || inst.Port == 0 {
		return errInvalid
	}
	list := c.services[service]
	for i := range list {
		if list[i].ID == inst.ID {
			list[i] = inst
			return nil
		}
	}
	c.services[service] = append(list, inst)
	return nil
}

func (c *Catalog) Deregister(service, id string) {
	defer c.track("deregister")()
	c.Lock()
	defer c.Unlock()
	list := c.services[service]
	for i := range list {
		if list[i].ID == id {
			c.services[service] = append(list[:i], list[i+1:]...)
			return
		}
	}
}

func (c *Catalog) Services() []string {
	c.Lock()
	defer c.Unlock()
	names := make([]string, 0, len(c.services))
	for name := range c.services {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func (c *Catalog) OpCount(op string) int {
	c.Lock()
	defer c.Unlock()
	return c.statsFor(op).count
}
