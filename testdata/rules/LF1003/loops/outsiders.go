package loops

// Code outside the loop's type that holds the value: a client, a helper, a caller that stops the loop first.
type Dispatcher struct {
	jobs chan string
	stop chan struct{}
	done chan struct{}
	ran  int
}

func NewDispatcher() *Dispatcher {
	d := &Dispatcher{jobs: make(chan string), stop: make(chan struct{}), done: make(chan struct{})}
	go d.run()
	return d
}

func (d *Dispatcher) run() {
	defer close(d.done)
	for {
		select {
		case j := <-d.jobs:
			_ = j
			d.ran++
		case <-d.stop:
			return
		}
	}
}

func (d *Dispatcher) Stop() { close(d.stop) }

// A client holding the dispatcher.
type Client struct {
	d *Dispatcher
}

func (c *Client) Submit(j string) {
	c.d.jobs <- j // want `Submit sends on c.d.jobs, which only the goroutine running Dispatcher.run receives from, and c.d.jobs is unbuffered: run can return \(line 25 when it receives from Dispatcher.stop\), and once it has, this blocks for ever`
}

// A helper given the dispatcher.
func submitAll(d *Dispatcher, jobs []string) {
	for _, j := range jobs {
		d.jobs <- j // want `submitAll sends on d.jobs, which only the goroutine running Dispatcher.run receives from`
	}
}

// A caller that stops the loop and then submits: the submit after Stop is the one reported.
func drainAndStop(d *Dispatcher, last string) {
	d.jobs <- "flush"
	d.Stop()
	d.jobs <- last // want `drainAndStop sends on d.jobs, .*; here it runs after the call to Stop \(line 51\) ended the loop, so it blocks for ever`
}

// A goroutine literal that submits.
func submitLater(d *Dispatcher, j string) {
	go func() {
		d.jobs <- j // want `the function literal at line 57 sends on d.jobs`
	}()
}

// Fixed: the client selects on the channel closed when the loop exits. Silent.
func (c *Client) SubmitSafe(j string) bool {
	select {
	case c.d.jobs <- j:
		return true
	case <-c.d.done:
		return false
	}
}

// Fixed: the helper checks the loop is still running first. Silent.
func submitIfRunning(d *Dispatcher, j string, running bool) {
	if !running || d.ran < 0 {
		return
	}
	d.jobs <- j
}

// A loop that never exits: nothing to report. Silent.
type Forever struct {
	in chan int
}

func StartForever() *Forever {
	f := &Forever{in: make(chan int)}
	go f.serve()
	return f
}

func (f *Forever) serve() {
	for v := range f.in {
		_ = v
	}
}

func feed(f *Forever) { f.in <- 1 }

// A buffered channel field: the send completes without the loop. Silent.
type Buffered struct {
	in   chan int
	quit chan struct{}
}

func StartBuffered() *Buffered {
	b := &Buffered{in: make(chan int, 16), quit: make(chan struct{})}
	go b.loop()
	return b
}

func (b *Buffered) loop() {
	for {
		select {
		case <-b.in:
		case <-b.quit:
			return
		}
	}
}

func push(b *Buffered) { b.in <- 1 }

// A helper that defers the Stop sends before it runs: the report says only that the loop can exit, not that
// this send comes after the Stop.
func submitThenStop(d *Dispatcher, j string) {
	defer d.Stop()
	d.jobs <- j // want `submitThenStop sends on d.jobs, .*, and once it has, this blocks for ever`
}
