package cancelfield

import (
	"context"
	"sync"
	"time"
)

// The cancel of a watch loop's context is kept in a value stored in a map; removing the entry never calls it, and
// nothing else in the package does: the loop, which ends only on that context, runs for ever.

type watchEntry struct {
	name   string
	cancel context.CancelFunc
	since  time.Time
}

type tracker struct {
	mu      sync.Mutex
	watches map[string]*watchEntry
	probe   func(context.Context, string) bool
}

func (t *tracker) Track(ctx context.Context, name string) {
	ctx, cancel := context.WithCancel(ctx)
	t.mu.Lock()
	t.watches[name] = &watchEntry{name: name, cancel: cancel, since: time.Now()} // want `Track keeps the cancel of the context watchLoop waits on in watchEntry.cancel, but nothing in the package ever calls watchEntry.cancel`
	t.mu.Unlock()
	go t.watchLoop(ctx, name)
}

func (t *tracker) watchLoop(ctx context.Context, name string) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			t.probe(ctx, name)
		case <-ctx.Done():
			return
		}
	}
}

func (t *tracker) Untrack(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.watches, name)
}

// Fixed: Untrack calls the entry's cancel before it forgets it.
type cancelEntry struct {
	cancel context.CancelFunc
}

type tidyTracker struct {
	mu      sync.Mutex
	watches map[string]*cancelEntry
}

func (t *tidyTracker) Track(ctx context.Context, name string) {
	ctx, cancel := context.WithCancel(ctx)
	t.mu.Lock()
	t.watches[name] = &cancelEntry{cancel: cancel}
	t.mu.Unlock()
	go waitDone(ctx)
}

func waitDone(ctx context.Context) {
	<-ctx.Done()
}

func (t *tidyTracker) Untrack(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if w, ok := t.watches[name]; ok {
		w.cancel()
		delete(t.watches, name)
	}
}

// The goroutine also ends by itself (a bounded number of probes): not only the cancel ends it.
type boundedEntry struct {
	cancel context.CancelFunc
}

type boundedTracker struct {
	watches map[string]*boundedEntry
}

func (t *boundedTracker) Track(ctx context.Context, name string, probe func() bool) {
	ctx, cancel := context.WithCancel(ctx)
	t.watches[name] = &boundedEntry{cancel: cancel}
	go func() {
		for i := 0; i < 3; i++ {
			if probe() {
				return
			}
		}
		<-ctx.Done()
	}()
}
