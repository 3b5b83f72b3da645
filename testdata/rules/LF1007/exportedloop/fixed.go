package exportedloop

import (
	"sync"
	"time"
)

// The fix: the loop closes done on every path.
type FixedPoller struct {
	target string
	stop   chan struct{}
	done   chan struct{}
}

func NewFixedPoller(target string) *FixedPoller {
	return &FixedPoller{target: target, stop: make(chan struct{}), done: make(chan struct{})}
}

func (p *FixedPoller) Run() {
	defer close(p.done)
	if p.target == "" {
		return
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
		}
	}
}

func (p *FixedPoller) Stop() {
	close(p.stop)
	<-p.done
}

// Close closes done once; a second Close returns early, and a waiter on done is released by the first.
type Conn struct {
	once   sync.Once
	closed bool
	done   chan struct{}
}

func NewConn() *Conn { return &Conn{done: make(chan struct{})} }

func (c *Conn) Close() {
	if c.closed {
		return
	}
	c.closed = true
	close(c.done)
}

func (c *Conn) Wait() { <-c.done }

// An unexported loop nothing starts is no API: not judged.
type idle struct {
	stop chan struct{}
	done chan struct{}
}

func newIdle() *idle { return &idle{stop: make(chan struct{}), done: make(chan struct{})} }

func (i *idle) loop(skip bool) {
	if skip {
		return
	}
	for {
		select {
		case <-i.stop:
			close(i.done)
			return
		}
	}
}

func (i *idle) halt() {
	close(i.stop)
	<-i.done
}
