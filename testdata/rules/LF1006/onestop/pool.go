package onestop

import "sync"

type job struct{ data []byte }

// A pool of hashers stopped with one value on quit: one worker leaves, the others stay.
type hasher struct {
	workers int
	jobs    chan job
	quit    chan struct{}
	wg      sync.WaitGroup
	done    int
}

func newHasher(n int) *hasher {
	return &hasher{workers: n, jobs: make(chan job), quit: make(chan struct{})}
}

func (h *hasher) Start() {
	for i := 0; i < h.workers; i++ {
		h.wg.Add(1)
		go h.worker()
	}
}

func (h *hasher) worker() {
	defer h.wg.Done()
	for {
		select {
		case <-h.quit:
			return
		case j := <-h.jobs:
			h.done += len(j.data)
		}
	}
}

func (h *hasher) Stop() {
	h.quit <- struct{}{} // want `Stop sends one value on h.quit to stop worker, but worker runs in as many goroutines as the loop at line 21 starts`
	h.wg.Wait()
}

// Fixed: close reaches every worker. Silent.
type closingPool struct {
	jobs chan job
	quit chan struct{}
	n    int
}

func newClosingPool() *closingPool { return &closingPool{jobs: make(chan job), quit: make(chan struct{})} }

func (p *closingPool) Start(workers int) {
	for i := 0; i < workers; i++ {
		go p.worker()
	}
}

func (p *closingPool) worker() {
	for {
		select {
		case <-p.quit:
			return
		case j := <-p.jobs:
			p.n += len(j.data)
		}
	}
}

func (p *closingPool) Stop() { close(p.quit) }

// One value per worker. Silent.
type countedPool struct {
	workers int
	jobs    chan job
	quit    chan struct{}
	n       int
}

func newCountedPool(n int) *countedPool {
	return &countedPool{workers: n, jobs: make(chan job), quit: make(chan struct{})}
}

func (p *countedPool) Start() {
	for i := 0; i < p.workers; i++ {
		go p.worker()
	}
}

func (p *countedPool) worker() {
	for {
		select {
		case <-p.quit:
			return
		case j := <-p.jobs:
			p.n += len(j.data)
		}
	}
}

func (p *countedPool) Stop() {
	for i := 0; i < p.workers; i++ {
		p.quit <- struct{}{}
	}
}

// A single worker: one value stops it. Silent.
type single struct {
	jobs chan job
	quit chan struct{}
	n    int
}

func newSingle() *single {
	s := &single{jobs: make(chan job), quit: make(chan struct{})}
	go s.worker()
	return s
}

func (s *single) worker() {
	for {
		select {
		case <-s.quit:
			return
		case j := <-s.jobs:
			s.n += len(j.data)
		}
	}
}

func (s *single) Stop() { s.quit <- struct{}{} }

// Workers also leave when the job queue is closed. Silent.
type drained struct {
	jobs chan job
	quit chan struct{}
	n    int
}

func newDrained() *drained { return &drained{jobs: make(chan job), quit: make(chan struct{})} }

func (d *drained) Start(workers int) {
	for i := 0; i < workers; i++ {
		go d.worker()
	}
}

func (d *drained) worker() {
	for {
		select {
		case <-d.quit:
			return
		case j, ok := <-d.jobs:
			if !ok {
				return
			}
			d.n += len(j.data)
		}
	}
}

func (d *drained) Stop() {
	d.quit <- struct{}{}
	close(d.jobs)
}
