package ifacechansend

import (
	"fmt"
	"sync"
)

type Event struct {
	Service  string
	Instance string
}

// Sink receives catalog events on the channel it hands out.
type Sink interface {
	Events() chan<- Event
}

// Catalog is a service catalog that tells its sinks about every new instance.
type Catalog struct {
	mu        sync.Mutex
	instances map[string][]string
	sinks     []Sink
}

func NewCatalog() *Catalog { return &Catalog{instances: make(map[string][]string)} }

func (c *Catalog) AddSink(s Sink) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sinks = append(c.sinks, s)
}

// Register adds instances of a service and publishes one event per instance.
func (c *Catalog) Register(service string, instances ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, inst := range instances {
		c.instances[service] = append(c.instances[service], inst)
		c.publish(Event{Service: service, Instance: inst})
	}
}

func (c *Catalog) publish(ev Event) {
	for _, s := range c.sinks {
		s.Events() <- ev
	}
}

// Instances returns the instances of a service.
func (c *Catalog) Instances(service string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.instances[service]...)
}

// AuditSink writes an audit line per event, including how many instances the service has now.
type AuditSink struct {
	catalog *Catalog
	ch      chan Event
	lines   []string
	done    chan struct{}
}

func NewAuditSink(c *Catalog) *AuditSink {
	a := &AuditSink{catalog: c, ch: make(chan Event), done: make(chan struct{})}
	go a.run()
	return a
}

func (a *AuditSink) Events() chan<- Event { return a.ch }

func (a *AuditSink) run() {
	defer close(a.done)
	for ev := range a.ch {
		n := len(a.catalog.Instances(ev.Service))
		a.lines = append(a.lines, fmt.Sprintf("%s/%s registered (%d instances)", ev.Service, ev.Instance, n))
	}
}

// Close ends the sink and waits for its last line.
func (a *AuditSink) Close() []string {
	close(a.ch)
	<-a.done
	return a.lines
}
