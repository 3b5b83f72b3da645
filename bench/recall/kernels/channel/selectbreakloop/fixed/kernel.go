package selectbreakloop

import (
	"log"
	"strings"
	"sync"
)

type Op int

const (
	Create Op = iota
	Write
	Remove
)

type FileEvent struct {
	Name string
	Op   Op
}

// Reloader watches a config directory and reloads the files that changed, batching events per flush.
type Reloader struct {
	events chan FileEvent
	quit   chan struct{}
	done   chan struct{}

	mu      sync.Mutex
	pending map[string]Op
	reloads int
	onLoad  func(names []string)
}

func NewReloader(onLoad func([]string)) *Reloader {
	r := &Reloader{
		events:  make(chan FileEvent),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
		pending: map[string]Op{},
		onLoad:  onLoad,
	}
	go r.run()
	return r
}

func (r *Reloader) Notify(ev FileEvent) { r.events <- ev }

func (r *Reloader) run() {
	defer close(r.done)
	for {
		select {
		case ev := <-r.events:
			if !strings.HasSuffix(ev.Name, ".yaml") {
				continue
			}
			r.mu.Lock()
			r.pending[ev.Name] = ev.Op
			r.mu.Unlock()
		case <-r.quit:
			r.flush()
			log.Printf("reloader: stopped after %d reloads", r.reloads)
			return
		}
	}
}

func (r *Reloader) flush() {
	r.mu.Lock()
	names := make([]string, 0, len(r.pending))
	for n := range r.pending {
		names = append(names, n)
	}
	r.pending = map[string]Op{}
	r.reloads++
	r.mu.Unlock()
	if len(names) > 0 {
		r.onLoad(names)
	}
}

// Stop asks the loop to flush what it has and waits until it is gone.
func (r *Reloader) Stop() {
	r.quit <- struct{}{}
	<-r.done
}
