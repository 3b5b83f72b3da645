package stopcheckthensend

import (
	"fmt"
	"log"
	"sync"
	"time"
)

type EventType string

type Event struct {
	Type            EventType
	Key             string
	ResourceVersion int
}

// Reflector lists the objects of a resource and pushes them to its consumer as events.
type Reflector struct {
	name     string
	lister   func() ([]string, error)
	resultCh chan Event

	mu              sync.Mutex
	lastSyncVersion int
}

func NewReflector(name string, lister func() ([]string, error)) *Reflector {
	return &Reflector{name: name, lister: lister, resultCh: make(chan Event)}
}

// ResultChan is the channel the consumer reads events from.
func (r *Reflector) ResultChan() <-chan Event { return r.resultCh }

// Run lists once and pushes the items, in the background, until stopCh is closed.
func (r *Reflector) Run(stopCh <-chan struct{}) {
	go func() {
		if err := r.listAndPush(stopCh); err != nil {
			log.Printf("%s: list failed: %v", r.name, err)
		}
	}()
}

func (r *Reflector) listAndPush(stopCh <-chan struct{}) error {
	items, err := r.lister()
	if err != nil {
		return fmt.Errorf("list %s: %w", r.name, err)
	}
	for i, key := range items {
		// Cheap check so that a stopped reflector does not keep decoding.
		select {
		case <-stopCh:
			return nil
		default:
		}
		ev := r.decode(i, key)
		r.resultCh <- ev
	}
	return nil
}

func (r *Reflector) decode(i int, key string) Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lastSyncVersion = i + 1
	return Event{Type: "ADDED", Key: key, ResourceVersion: r.lastSyncVersion}
}

// WaitForKeys reads events until it has seen want keys, then stops the reflector.
func WaitForKeys(r *Reflector, want int, handle func(Event)) {
	stopCh := make(chan struct{})
	defer close(stopCh)
	r.Run(stopCh)
	for seen := 0; seen < want; seen++ {
		handle(<-r.ResultChan())
	}
}

func slowHandler(ev Event) {
	time.Sleep(5 * time.Millisecond) // updates an index
	_ = ev
}
