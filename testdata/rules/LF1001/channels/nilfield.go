package channels

// A second construction path builds the runner with a literal that forgets its update channel: the runner's loop
// ranges over a nil channel and never ends, and every Update blocks.

type alloc struct {
	id      string
	desired string
}

type allocRunner struct {
	alloc    *alloc
	updateCh chan *alloc
	waitCh   chan struct{}
}

func newAllocRunner(a *alloc) *allocRunner {
	return &allocRunner{alloc: a, updateCh: make(chan *alloc, 8), waitCh: make(chan struct{})}
}

func (ar *allocRunner) Run() {
	defer close(ar.waitCh)
	for u := range ar.updateCh {
		ar.alloc = u
		if u.desired == "stop" {
			return
		}
	}
}

func (ar *allocRunner) Update(a *alloc) { ar.updateCh <- a }

func restoreRunners(saved []*alloc) []*allocRunner {
	var runners []*allocRunner
	for _, a := range saved {
		ar := &allocRunner{alloc: a, waitCh: make(chan struct{})} // want `this allocRunner literal leaves updateCh nil, though the package's other allocRunner literals make it \(line \d+\), and the goroutine started on it blocks on ar.updateCh`
		go ar.Run()
		runners = append(runners, ar)
	}
	return runners
}

// Fixed: the restore path uses the constructor.
func restoreRunnersFixed(saved []*alloc) []*allocRunner {
	var runners []*allocRunner
	for _, a := range saved {
		ar := newAllocRunner(a)
		go ar.Run()
		runners = append(runners, ar)
	}
	return runners
}

// A nil channel in a select is only a case switched off: the idiom, not a hang.
type poller struct {
	results chan int
	quit    chan struct{}
}

func newPoller() *poller { return &poller{results: make(chan int), quit: make(chan struct{})} }

func (p *poller) loop() {
	for {
		select {
		case r := <-p.results:
			_ = r
		case <-p.quit:
			return
		}
	}
}

func startQuietPoller() *poller {
	p := &poller{quit: make(chan struct{})}
	go p.loop()
	return p
}

// The field is given its channel after the literal (somewhere in the package): not judged.
type lateRunner struct {
	in chan int
}

func newLateRunner() *lateRunner { return &lateRunner{in: make(chan int)} }

func (r *lateRunner) Run() {
	for range r.in {
	}
}

func startLate() *lateRunner {
	r := &lateRunner{}
	r.in = make(chan int)
	go r.Run()
	return r
}

// Built without the field but never started: nothing blocks here.
func describeRunner(a *alloc) string {
	ar := &allocRunner{alloc: a}
	return ar.alloc.id
}
