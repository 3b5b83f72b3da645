package waiting

import "sync"

// A worker pool whose Stop holds the pool's lock while waiting for workers that lock it to record results.
type pool struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	jobs    chan int
	results []int
	stopped bool
}

func newPool(n int) *pool {
	p := &pool{jobs: make(chan int)}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
	return p
}

func (p *pool) worker() {
	defer p.wg.Done()
	for j := range p.jobs {
		p.mu.Lock()
		p.results = append(p.results, j*j)
		p.mu.Unlock()
	}
}

func (p *pool) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	close(p.jobs)
	p.wg.Wait() // want `Stop waits for p.wg while holding p.mu \(locked at line 33\), but worker, which calls p.wg.Done, locks pool.mu first \(line 26\): once that goroutine waits for the lock`
}

// Submit holds the lock while handing a job to a worker that locks between jobs.
func (p *pool) Submit(j int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.jobs <- j // want `Submit sends on unbuffered p.jobs while holding p.mu \(locked at line 42\), but worker, which receives from it in a loop, locks pool.mu between receives`
}

// The fixes: wait and send without the lock.
func (p *pool) StopFixed() {
	p.mu.Lock()
	p.stopped = true
	p.mu.Unlock()
	close(p.jobs)
	p.wg.Wait()
}

func (p *pool) SubmitFixed(j int) {
	p.mu.Lock()
	stopped := p.stopped
	p.mu.Unlock()
	if !stopped {
		p.jobs <- j
	}
}

// A select with a way out does not block on the send alone.
func (p *pool) TrySubmit(j int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case p.jobs <- j:
		return true
	default:
		return false
	}
}

// Workers that never take the lock: waiting while holding it is fine.
type fetcher struct {
	mu   sync.Mutex
	wg   sync.WaitGroup
	out  chan string
	done map[string]bool
}

func newFetcher() *fetcher { return &fetcher{out: make(chan string), done: map[string]bool{}} }

func (f *fetcher) fetch(url string) {
	defer f.wg.Done()
	f.out <- url
}

func (f *fetcher) drain() {
	for u := range f.out {
		_ = u
	}
}

func (f *fetcher) Run(urls []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range urls {
		f.wg.Add(1)
		go f.fetch(u)
	}
	f.wg.Wait()
	f.out <- "done"
}

// A buffered channel waits for the receiver only once full: a burst of 64 lines while the loop waits for l.mu.
type logger struct {
	mu    sync.Mutex
	lines chan string
	n     int
}

func newLogger() *logger { return &logger{lines: make(chan string, 64)} }

func (l *logger) loop() {
	for line := range l.lines {
		l.mu.Lock()
		l.n += len(line)
		l.mu.Unlock()
	}
}

func (l *logger) Log(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines <- s // want `Log sends on l.lines while holding l.mu \(locked at line 130\), and once its buffer of 64 is full`
}

// The receiver takes the lock only after its loop: it is never stuck on it between receives.
type counter struct {
	mu    sync.Mutex
	ticks chan int
	total int
}

func newCounter() *counter { return &counter{ticks: make(chan int)} }

func (c *counter) loop() {
	sum := 0
	for t := range c.ticks {
		sum += t
	}
	c.mu.Lock()
	c.total = sum
	c.mu.Unlock()
}

func (c *counter) Tick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ticks <- 1
}
