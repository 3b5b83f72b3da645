package accessorsend

import "sync"

type Event struct{ Service, Instance string }

// A sink hands out the channel it reads events from.
type Sink interface {
	Events() chan<- Event
}

// Catalog publishes an event per registered instance to its sinks, under its lock.
type Catalog struct {
	mu        sync.Mutex
	instances map[string][]string
	sinks     []Sink
}

func (c *Catalog) Register(service, instance string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.instances[service] = append(c.instances[service], instance)
	for _, s := range c.sinks {
		s.Events() <- Event{service, instance} // want `Register sends on unbuffered s.Events\(\) while holding c.mu .* locks Catalog.mu between receives`
	}
}

func (c *Catalog) Count(service string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.instances[service])
}

// CountingSink, the package's one sink, asks the catalog for the service's size after every event.
type CountingSink struct {
	catalog *Catalog
	ch      chan Event
	counts  map[string]int
}

func NewCountingSink(c *Catalog) *CountingSink {
	s := &CountingSink{catalog: c, ch: make(chan Event), counts: map[string]int{}}
	go s.run()
	return s
}

func (s *CountingSink) Events() chan<- Event { return s.ch }

func (s *CountingSink) run() {
	for ev := range s.ch {
		s.counts[ev.Service] = s.catalog.Count(ev.Service)
	}
}

// The accessor called on the concrete type, under the same lock.
func (c *Catalog) Announce(s *CountingSink, ev Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.Events() <- ev // want `Announce sends on unbuffered s.Events\(\) while holding c.mu`
}
