package exportedloop

import (
	"errors"
	"time"
)

// Poller is run by its users with `go p.Run()`; Stop asks it to end and waits until it has.
type Poller struct {
	target string
	every  time.Duration
	poll   func(string) error
	stop   chan struct{}
	done   chan struct{}
}

func NewPoller(target string, every time.Duration, poll func(string) error) *Poller {
	return &Poller{target: target, every: every, poll: poll, stop: make(chan struct{}), done: make(chan struct{})}
}

func (p *Poller) Run() {
	if p.target == "" {
		return // want `Run is a run loop its callers start as a goroutine and closes p.done when it finishes \(line 30\), but this return leaves without closing it: Stop waits on p.done`
	}
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			close(p.done)
			return
		case <-t.C:
			_ = p.poll(p.target)
		}
	}
}

func (p *Poller) Stop() {
	close(p.stop)
	<-p.done
}
