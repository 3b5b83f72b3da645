package cancelfield

import (
	"context"
	"sync"
	"time"
)

// A periodic dispatcher keeps its jobs in a map of struct values, not pointers.
type periodicJob struct {
	name     string
	cancel   context.CancelFunc
	launches int
}

type dispatcher struct {
	mu      sync.Mutex
	tracked map[string]periodicJob
	ptrs    map[string]*periodicJob
}

func (d *dispatcher) launch(ctx context.Context, name string) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// The cancel goes into the copy t, which is never written back: Remove finds a nil cancel in the map.
func (d *dispatcher) Start(id string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	t, ok := d.tracked[id]
	if !ok || t.cancel != nil {
		return
	}
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background()) // want `the cancel of this context is stored in t.cancel, a copy of a value that is never stored back or read again, so it is lost, and the goroutine started at line 44`
	go d.launch(ctx, t.name)
}

// Reading the copy's other fields afterwards does not save the cancel.
func (d *dispatcher) StartCounted(id string) {
	t := d.tracked[id]
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background()) // want `stored in t.cancel, a copy`
	t.launches++
	go d.launch(ctx, t.name)
}

func (d *dispatcher) Remove(id string) {
	d.mu.Lock()
	t, ok := d.tracked[id]
	delete(d.tracked, id)
	d.mu.Unlock()
	if ok && t.cancel != nil {
		t.cancel()
	}
}

// Fixed: the copy is stored back. Silent.
func (d *dispatcher) StartStored(id string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	t := d.tracked[id]
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	d.tracked[id] = t
	go d.launch(ctx, t.name)
}

// Stored back after the goroutine starts. Silent.
func (d *dispatcher) StartStoredLate(id string) {
	t := d.tracked[id]
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	go d.launch(ctx, t.name)
	d.mu.Lock()
	d.tracked[id] = t
	d.mu.Unlock()
}

// A map of pointers: the store reaches the shared entry. Silent.
func (d *dispatcher) StartPointer(id string) {
	t := d.ptrs[id]
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	go d.launch(ctx, t.name)
}

// The copy is returned to the caller, who keeps it. Silent.
func (d *dispatcher) StartReturned(id string) periodicJob {
	t := d.tracked[id]
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	go d.launch(ctx, t.name)
	return t
}

// The copy's cancel is called later in the function. Silent.
func (d *dispatcher) StartAndWait(id string, done <-chan struct{}) {
	t := d.tracked[id]
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	go d.launch(ctx, t.name)
	<-done
	t.cancel()
}

// A deferred literal reads the copy. Silent.
func (d *dispatcher) StartDeferred(id string, done <-chan struct{}) {
	t := d.tracked[id]
	defer func() { t.cancel() }()
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	go d.launch(ctx, t.name)
	<-done
}

// The address of the copy is kept before the store. Silent.
func (d *dispatcher) StartAddressed(id string, keep func(*periodicJob)) {
	t := d.tracked[id]
	keep(&t)
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	go d.launch(ctx, t.name)
}

// A loop carries the copy to the next round, where it is stored back. Silent.
func (d *dispatcher) StartAll(ids []string) {
	var t periodicJob
	for i, id := range ids {
		if i > 0 {
			d.tracked[ids[i-1]] = t
		}
		t = d.tracked[id]
		var ctx context.Context
		ctx, t.cancel = context.WithCancel(context.Background())
		go d.launch(ctx, t.name)
	}
	if len(ids) > 0 {
		d.tracked[ids[len(ids)-1]] = t
	}
}

// A value method run on the copy afterwards may call the cancel. Silent.
func (j periodicJob) stopLater(after time.Duration) { time.AfterFunc(after, j.cancel) }

func (d *dispatcher) StartTimed(id string) {
	t := d.tracked[id]
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	go d.launch(ctx, t.name)
	t.stopLater(time.Minute)
}
