package accessorsend

import "sync"

// The fix: copy the sinks under the lock, publish after releasing it.
type FixedCatalog struct {
	mu        sync.Mutex
	instances map[string][]string
	sinks     []Sink
}

func (c *FixedCatalog) Register(service, instance string) {
	c.mu.Lock()
	c.instances[service] = append(c.instances[service], instance)
	sinks := append([]Sink(nil), c.sinks...)
	c.mu.Unlock()
	for _, s := range sinks {
		s.Events() <- Event{service, instance}
	}
}

// A sink whose loop takes no lock of the publisher: publishing under the lock only waits for it to receive.
type Logger interface {
	Lines() chan<- string
}

type printLogger struct {
	ch    chan string
	lines []string
}

func newPrintLogger() *printLogger {
	l := &printLogger{ch: make(chan string)}
	go l.run()
	return l
}

func (l *printLogger) Lines() chan<- string { return l.ch }

func (l *printLogger) run() {
	for line := range l.ch {
		l.lines = append(l.lines, line)
	}
}

type Audited struct {
	mu  sync.Mutex
	n   int
	log Logger
}

func (a *Audited) Inc() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n++
	a.log.Lines() <- "inc"
}
