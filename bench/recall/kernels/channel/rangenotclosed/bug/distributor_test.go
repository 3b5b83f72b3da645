package rangenotclosed

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type ConfigEvent struct {
	Kind      string
	Name      string
	Namespace string
}

type Distributor struct {
	events   chan ConfigEvent
	mu       sync.Mutex
	applied  map[string]int
	shutdown bool
}

func NewDistributor() *Distributor {
	d := &Distributor{events: make(chan ConfigEvent, 16), applied: map[string]int{}}
	go d.consume()
	return d
}

func (d *Distributor) consume() {
	for ev := range d.events {
		d.mu.Lock()
		d.applied[ev.Kind]++
		d.mu.Unlock()
	}
}

func (d *Distributor) Push(ev ConfigEvent) {
	d.mu.Lock()
	closed := d.shutdown
	d.mu.Unlock()
	if !closed {
		d.events <- ev
	}
}

// Shutdown stops accepting events.
func (d *Distributor) Shutdown() {
	d.mu.Lock()
	d.shutdown = true
	d.mu.Unlock()
}

func TestShutdownStopsConsumer(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := NewDistributor()
		d.Push(ConfigEvent{Kind: "VirtualService", Name: "reviews", Namespace: "bookinfo"})
		d.Push(ConfigEvent{Kind: "DestinationRule", Name: "reviews", Namespace: "bookinfo"})
		d.Shutdown()
	})
}
