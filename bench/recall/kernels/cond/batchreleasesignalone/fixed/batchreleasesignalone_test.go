package batchreleasesignalone

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// SlotPool limits how many build steps run at once.
type SlotPool struct {
	mu      sync.Mutex
	cond    *sync.Cond
	free    int
	total   int
	waiting int
	granted map[string]int
}

func NewSlotPool(total int) *SlotPool {
	p := &SlotPool{free: total, total: total, granted: map[string]int{}}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// Acquire blocks until a slot is free and records it against owner.
func (p *SlotPool) Acquire(owner string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waiting++
	for p.free == 0 {
		p.cond.Wait()
	}
	p.waiting--
	p.free--
	p.granted[owner]++
}

// ReleaseN returns n of owner's slots at once (a finished batch of steps).
func (p *SlotPool) ReleaseN(owner string, n int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.granted[owner] < n {
		return fmt.Errorf("%s holds %d slots, releases %d", owner, p.granted[owner], n)
	}
	p.granted[owner] -= n
	p.free += n
	p.cond.Broadcast() // n slots may satisfy n waiters
	return nil
}

func (p *SlotPool) Waiting() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.waiting
}

type step struct {
	name string
	cmd  []string
}

// runBatch runs the steps of one stage in parallel, each in its own slot, and hands the slots back
// together once the whole stage is done.
func runBatch(p *SlotPool, stage string, steps []step, log func(string)) {
	var wg sync.WaitGroup
	for _, s := range steps {
		s := s
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Acquire(stage)
			log(fmt.Sprintf("%s: %s %v", stage, s.name, s.cmd))
		}()
	}
	wg.Wait()
	p.ReleaseN(stage, len(steps))
}

func TestStageWaitsForPreviousBatch(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := NewSlotPool(2)
		var mu sync.Mutex
		var lines []string
		log := func(s string) { mu.Lock(); lines = append(lines, s); mu.Unlock() }

		p.Acquire("base")
		p.Acquire("base")
		done := make(chan struct{})
		go func() {
			defer close(done)
			runBatch(p, "frontend", []step{{"lint", []string{"eslint"}}, {"bundle", []string{"webpack"}}}, log)
		}()
		for p.Waiting() < 2 {
			time.Sleep(time.Millisecond)
		}
		p.ReleaseN("base", 2)
		<-done
		if len(lines) != 2 {
			t.Errorf("lines = %v", lines)
		}
	})
}
