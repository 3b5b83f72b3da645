package channels

import "errors"

// A runner that reports its run's error on a channel nobody reads: the goroutine parks on the send for ever.
type runner struct {
	errc chan error
	done chan struct{}
}

func newRunner() *runner {
	return &runner{errc: make(chan error), done: make(chan struct{})}
}

func (r *runner) start() {
	go func() {
		defer close(r.done)
		if err := r.run(); err != nil {
			r.errc <- err // want `this send on r.errc blocks for ever: nothing in the package receives from runner.errc \(unexported, made unbuffered, never handed out\), so the goroutine running the function literal at line 16 stays parked here`
		}
	}()
}

func (r *runner) wait() { <-r.done }

func (r *runner) run() error { return errors.New("boom") }

// The fix: Wait reads the error.
type readRunner struct {
	errc chan error
}

func newReadRunner() *readRunner { return &readRunner{errc: make(chan error)} }

func (r *readRunner) start() {
	go func() { r.errc <- errors.New("boom") }()
}

func (r *readRunner) wait() error { return <-r.errc }

// Handed out through an accessor: the caller receives.
type watcher struct {
	events chan string
}

func newWatcher() *watcher { return &watcher{events: make(chan string)} }

func (w *watcher) Events() <-chan string { return w.events }

func (w *watcher) emit(e string) { w.events <- e }

// An exported field: other packages may receive from it.
type Notifier struct {
	C chan int
}

func NewNotifier() *Notifier { return &Notifier{C: make(chan int)} }

func (n *Notifier) fire(v int) { n.C <- v }

// Buffered: the send completes while there is room.
type lastError struct {
	errc chan error
}

func newLastError() *lastError { return &lastError{errc: make(chan error, 1)} }

func (l *lastError) report(err error) { l.errc <- err }

// A send in a select with a default never waits.
type bestEffort struct {
	ticks chan int
}

func newBestEffort() *bestEffort { return &bestEffort{ticks: make(chan int)} }

func (b *bestEffort) tick(n int) {
	select {
	case b.ticks <- n:
	default:
	}
}

// A channel the package is given (a caller's own): the caller may receive from it.
type relay struct {
	out chan string
}

func newRelay(out chan string) *relay { return &relay{out: out} }

func (r *relay) forward(s string) { r.out <- s }

// Received by ranging over it in a loop goroutine.
type pump struct {
	in chan []byte
}

func newPump() *pump {
	p := &pump{in: make(chan []byte)}
	go func() {
		for b := range p.in {
			_ = b
		}
	}()
	return p
}

func (p *pump) push(b []byte) { p.in <- b }
