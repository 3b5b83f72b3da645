package barrierresetbeforewake

import "sync"

// PhaseBarrier lines up a fixed number of workers between the phases of a rebalance; it is reused
// for every phase.
type PhaseBarrier struct {
	mu      sync.Mutex
	cond    *sync.Cond
	parties int
	arrived int
	phase   uint64
}

func NewPhaseBarrier(parties int) *PhaseBarrier {
	b := &PhaseBarrier{parties: parties}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Await blocks until every party has arrived, then resets the barrier for the next phase.
func (b *PhaseBarrier) Await() {
	b.mu.Lock()
	defer b.mu.Unlock()
	phase := b.phase
	b.arrived++
	if b.arrived == b.parties {
		b.arrived = 0 // ready for the next phase
		b.phase++
		b.cond.Broadcast()
		return
	}
	for phase == b.phase {
		b.cond.Wait()
	}
}

// Rebalancer moves ranges in two phases: every worker copies its ranges, then every worker deletes
// the originals. No worker may start deleting before all copies are done.
type Rebalancer struct {
	barrier *PhaseBarrier
	mu      sync.Mutex
	log     []string
}

func NewRebalancer(workers int) *Rebalancer {
	return &Rebalancer{barrier: NewPhaseBarrier(workers)}
}

func (r *Rebalancer) record(s string) {
	r.mu.Lock()
	r.log = append(r.log, s)
	r.mu.Unlock()
}

func (r *Rebalancer) worker(rangeID string) {
	r.record("copy " + rangeID)
	r.barrier.Await()
	r.record("delete " + rangeID)
}

// Run runs one worker per range and waits for all of them.
func (r *Rebalancer) Run(ranges []string) []string {
	var wg sync.WaitGroup
	for _, id := range ranges {
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			r.worker(id)
		}(id)
	}
	wg.Wait()
	return r.log
}
