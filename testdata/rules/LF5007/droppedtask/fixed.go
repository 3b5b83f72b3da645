package droppedtask

import "sync"

// The fix: a refused task is counted done by the caller.
func ProbeAllFixed(p *Pool, addrs []string) {
	var wg sync.WaitGroup
	for _, a := range addrs {
		a := a
		wg.Add(1)
		if !p.TrySubmit(func() {
			defer wg.Done()
			probe(a)
		}) {
			wg.Done()
		}
	}
	wg.Wait()
}

func QueueAllFixed(p *Pool, addrs []string) error {
	var wg sync.WaitGroup
	for _, a := range addrs {
		a := a
		wg.Add(1)
		if err := p.Submit(func() {
			defer wg.Done()
			probe(a)
		}); err != nil {
			wg.Done()
			return err
		}
	}
	wg.Wait()
	return nil
}

// A helper that runs the task itself when no slot is free: every path runs it.
func (p *Pool) RunOrInline(task func()) {
	select {
	case p.slots <- struct{}{}:
		go func() {
			defer func() { <-p.slots }()
			task()
		}()
	default:
		task()
	}
}

// A helper that waits for a slot: it always starts the task.
func (p *Pool) Run(task func()) {
	p.slots <- struct{}{}
	go func() {
		defer func() { <-p.slots }()
		task()
	}()
}

func InlineAll(p *Pool, addrs []string) {
	var wg sync.WaitGroup
	for _, a := range addrs {
		a := a
		wg.Add(1)
		p.RunOrInline(func() {
			defer wg.Done()
			probe(a)
		})
		wg.Add(1)
		p.Run(func() {
			defer wg.Done()
			probe(a)
		})
	}
	wg.Wait()
}
