package accessor

import (
	"strings"
	"sync"
)

type Event struct {
	Type   string
	Object string
}

// Interface is what every watch returns.
type Interface interface {
	ResultChan() <-chan Event
	Stop()
}

// A filtering decorator: its loop forwards the kept events with a plain send, and its Stop only stops the inner watch.
func Filter(w Interface, keep func(Event) bool) Interface {
	fw := &filteredWatch{incoming: w, result: make(chan Event), keep: keep}
	go fw.loop()
	return fw
}

type filteredWatch struct {
	incoming Interface
	result   chan Event
	keep     func(Event) bool
}

func (fw *filteredWatch) ResultChan() <-chan Event { return fw.result }
func (fw *filteredWatch) Stop()                    { fw.incoming.Stop() }

func (fw *filteredWatch) loop() {
	defer close(fw.result)
	for ev := range fw.incoming.ResultChan() {
		if fw.keep(ev) {
			fw.result <- ev // want `loop sends on result in a loop without a select, and the package hands result out only through filteredWatch.ResultChan, whose caller WaitFor can leave its range over it early \(return at line 48\)`
		}
	}
}

func WaitFor(w Interface, obj string) bool {
	defer w.Stop()
	for ev := range w.ResultChan() {
		if ev.Object == obj {
			return true
		}
	}
	return false
}

// A tailer handing its lines out through a method called on the type itself.
type Tailer struct {
	src   chan string
	lines chan string
}

func NewTailer(src chan string) *Tailer {
	t := &Tailer{src: src, lines: make(chan string)}
	go t.run()
	return t
}

func (t *Tailer) run() {
	for l := range t.src {
		t.lines <- strings.TrimSpace(l) // want `run sends on lines in a loop without a select, and the package hands lines out only through Tailer.Lines, whose caller WaitReady can leave its range over it early`
	}
}

func (t *Tailer) Lines() <-chan string { return t.lines }

func WaitReady(t *Tailer) bool {
	for l := range t.Lines() {
		if strings.Contains(l, "ready") {
			return true
		}
	}
	return false
}

// Fine: the decorator selects on its own stop channel; the consumer reads to the end; a buffered channel; a Stop
// that drains the channel; a type never returned as the interface its consumers range over.
func FilterFixed(w Interface, keep func(Event) bool) Interface {
	fw := &filteredFixed{incoming: w, result: make(chan Event), keep: keep, stop: make(chan struct{})}
	go fw.loop()
	return fw
}

type filteredFixed struct {
	incoming Interface
	result   chan Event
	keep     func(Event) bool
	stop     chan struct{}
	once     sync.Once
}

func (fw *filteredFixed) ResultChan() <-chan Event { return fw.result }

func (fw *filteredFixed) Stop() {
	fw.once.Do(func() { close(fw.stop) })
	fw.incoming.Stop()
}

func (fw *filteredFixed) loop() {
	defer close(fw.result)
	for ev := range fw.incoming.ResultChan() {
		if fw.keep(ev) {
			select {
			case fw.result <- ev:
			case <-fw.stop:
				return
			}
		}
	}
}

type Counter struct {
	src  chan string
	out  chan int
	bufd chan int
}

func NewCounter(src chan string) *Counter {
	c := &Counter{src: src, out: make(chan int), bufd: make(chan int, 64)}
	go c.run()
	return c
}

func (c *Counter) run() {
	n := 0
	for range c.src {
		n++
		c.out <- n
		c.bufd <- n
	}
	close(c.out)
}

func (c *Counter) Counts() <-chan int   { return c.out }
func (c *Counter) Buffered() <-chan int { return c.bufd }

func Total(c *Counter) int {
	last := 0
	for n := range c.Counts() {
		last = n
	}
	return last
}

func FirstOver(c *Counter, limit int) int {
	for n := range c.Buffered() {
		if n > limit {
			return n
		}
	}
	return 0
}

type drainingWatch struct {
	incoming Interface
	result   chan Event
}

func Drained(w Interface) Interface {
	dw := &drainingWatch{incoming: w, result: make(chan Event)}
	go dw.loop()
	return dw
}

func (dw *drainingWatch) ResultChan() <-chan Event { return dw.result }

// Stop stops the inner watch and drains what the loop still forwards until it closes the channel.
func (dw *drainingWatch) Stop() {
	dw.incoming.Stop()
	for range dw.result {
	}
}

func (dw *drainingWatch) loop() {
	defer close(dw.result)
	for ev := range dw.incoming.ResultChan() {
		dw.result <- ev
	}
}

// hiddenWatch implements Interface but is never returned as one: the consumers of Interface never see it.
type hiddenWatch struct {
	src    chan Event
	result chan Event
}

func startHidden(src chan Event) *hiddenWatch {
	h := &hiddenWatch{src: src, result: make(chan Event)}
	go h.loop()
	return h
}

func (h *hiddenWatch) ResultChan() <-chan Event { return h.result }
func (h *hiddenWatch) Stop()                    {}

func (h *hiddenWatch) loop() {
	for ev := range h.src {
		h.result <- ev
	}
}

func CountHidden(src chan Event) int {
	n := 0
	for range startHidden(src).ResultChan() {
		n++
	}
	return n
}
