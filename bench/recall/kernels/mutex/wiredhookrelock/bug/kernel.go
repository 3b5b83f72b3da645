package wiredhookrelock

import (
	"log"
	"sort"
	"sync"
)

// breaker admits at most capacity requests at once.
type breaker struct {
	capacity int
	inFlight int
}

// throttlerState is what a revision throttler guards with its mutex.
type throttlerState struct {
	mu             sync.Mutex
	backends       map[string]int // pod IP -> container concurrency
	breaker        *breaker
	activatorIndex int
	numActivators  int
}

// revisionThrottler throttles the requests of one revision to the capacity of its ready pods.
type revisionThrottler struct {
	revID                string
	containerConcurrency int
	state                throttlerState
	// capacityChanged is called when the revision's capacity changes; attachReporting sets it.
	capacityChanged func(rev string)
	logf            func(format string, args ...interface{})
}

func newRevisionThrottler(rev string, cc int) *revisionThrottler {
	return &revisionThrottler{
		revID:                rev,
		containerConcurrency: cc,
		state:                throttlerState{backends: map[string]int{}, breaker: &breaker{}, numActivators: 1},
		logf:                 log.Printf,
	}
}

// Capacity is read by the autoscaler's reporter.
func (rt *revisionThrottler) Capacity() int {
	rt.state.mu.Lock()
	defer rt.state.mu.Unlock()
	return rt.state.breaker.capacity
}

// computeCapacity must be called with rt.state.mu held.
func (rt *revisionThrottler) computeCapacity() int {
	total := len(rt.state.backends) * rt.containerConcurrency
	return total / rt.state.numActivators
}

func (rt *revisionThrottler) updateBackends(backends map[string]int) {
	rt.state.mu.Lock()
	defer rt.state.mu.Unlock()
	rt.state.backends = backends
	rt.state.breaker.capacity = rt.computeCapacity()
	if rt.capacityChanged != nil {
		rt.capacityChanged(rt.revID)
	}
}

// statsReporter publishes each revision's capacity.
type statsReporter struct {
	mu       sync.Mutex
	capacity map[string]int
	reported chan string
}

func (r *statsReporter) report(rev string, capacity int) {
	r.mu.Lock()
	r.capacity[rev] = capacity
	r.mu.Unlock()
	r.reported <- rev
}

// attachReporting wires a revision's capacity changes to the reporter.
func attachReporting(r *statsReporter, rt *revisionThrottler) {
	rt.capacityChanged = func(rev string) {
		r.report(rev, rt.Capacity())
	}
}

type endpointsUpdate struct {
	rev      string
	backends map[string]int
}

// Throttler owns the revision throttlers and applies endpoint updates from its watch.
type Throttler struct {
	mu       sync.RWMutex
	revs     map[string]*revisionThrottler
	reporter *statsReporter
}

func NewThrottler(updates <-chan endpointsUpdate) *Throttler {
	t := &Throttler{
		revs:     map[string]*revisionThrottler{},
		reporter: &statsReporter{capacity: map[string]int{}, reported: make(chan string, 16)},
	}
	go t.run(updates)
	return t
}

func (t *Throttler) run(updates <-chan endpointsUpdate) {
	for u := range updates {
		t.getOrCreate(u.rev).updateBackends(u.backends)
	}
}

func (t *Throttler) getOrCreate(rev string) *revisionThrottler {
	t.mu.Lock()
	defer t.mu.Unlock()
	rt, ok := t.revs[rev]
	if !ok {
		rt = newRevisionThrottler(rev, 10)
		attachReporting(t.reporter, rt)
		t.revs[rev] = rt
	}
	return rt
}

func (t *Throttler) Revisions() []string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := make([]string, 0, len(t.revs))
	for rev := range t.revs {
		out = append(out, rev)
	}
	sort.Strings(out)
	return out
}
