package pumpflushonclose

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Notification struct {
	Op  string
	Key string
}

// listener sits between the processor and one handler: add never waits for the handler,
// pop buffers without bound and run feeds the handler one notification at a time.
type listener struct {
	addCh   chan Notification
	nextCh  chan Notification
	stopCh  <-chan struct{}
	handler func(Notification)
}

func newListener(h func(Notification), stop <-chan struct{}) *listener {
	return &listener{
		addCh:   make(chan Notification),
		nextCh:  make(chan Notification),
		stopCh:  stop,
		handler: h,
	}
}

func (l *listener) add(n Notification) { l.addCh <- n }

func (l *listener) pop() {
	defer close(l.nextCh)
	var pending []Notification
	for {
		var out chan Notification // nil while there is nothing to hand out
		var head Notification
		if len(pending) > 0 {
			out, head = l.nextCh, pending[0]
		}
		select {
		case out <- head:
			pending = pending[1:]
		case n, ok := <-l.addCh:
			if !ok {
				// The processor is shutting down: hand over what is still buffered so the
				// handler sees every update.
				for _, p := range pending {
					l.nextCh <- p
				}
				return
			}
			pending = append(pending, n)
		}
	}
}

func (l *listener) run() {
	for {
		select {
		case <-l.stopCh: // stop wins over pending work
			return
		default:
		}
		select {
		case n, ok := <-l.nextCh:
			if !ok {
				return
			}
			l.handler(n)
		case <-l.stopCh:
			return
		}
	}
}

// Processor distributes notifications to its listeners.
type Processor struct {
	listeners []*listener
	stop      chan struct{}
	wg        sync.WaitGroup
}

func NewProcessor() *Processor { return &Processor{stop: make(chan struct{})} }

func (p *Processor) AddListener(h func(Notification)) {
	l := newListener(h, p.stop)
	p.listeners = append(p.listeners, l)
	p.wg.Add(2)
	go func() { defer p.wg.Done(); l.pop() }()
	go func() { defer p.wg.Done(); l.run() }()
}

func (p *Processor) Distribute(n Notification) {
	for _, l := range p.listeners {
		l.add(n)
	}
}

// Stop ends every listener and waits for their goroutines.
func (p *Processor) Stop() {
	close(p.stop)
	for _, l := range p.listeners {
		close(l.addCh)
	}
	p.wg.Wait()
}

func TestStopWithPendingNotifications(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		started, release := make(chan struct{}), make(chan struct{})
		var once sync.Once
		p := NewProcessor()
		p.AddListener(func(n Notification) {
			once.Do(func() { close(started) })
			<-release // a slow handler: the endpoints controller resyncs
		})
		p.Distribute(Notification{"add", "default/web"})
		<-started
		p.Distribute(Notification{"update", "default/web"})
		p.Distribute(Notification{"delete", "default/web"})
		go func() {
			time.Sleep(30 * time.Millisecond)
			close(release)
		}()
		p.Stop()
	})
}
