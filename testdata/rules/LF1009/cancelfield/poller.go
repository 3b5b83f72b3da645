package cancelfield

import (
	"context"
	"time"
)

// A poller whose constructor keeps the cancel of its loop's context, and whose Close forgets to call it: every
// tickPoller made keeps its goroutine and ticker for ever.
type tickPoller struct {
	ctx    context.Context
	cancel context.CancelFunc
	ticks  int
}

func newTickPoller() *tickPoller {
	ctx, cancel := context.WithCancel(context.Background())
	p := &tickPoller{ctx: ctx, cancel: cancel} // want `newTickPoller keeps the cancel of the context poll waits on in tickPoller.cancel, but nothing in the package ever calls`
	go p.poll()
	return p
}

func (p *tickPoller) poll() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			p.ticks++
		case <-p.ctx.Done():
			return
		}
	}
}

func (p *tickPoller) Close() error { return nil }

// The fix: Close cancels.
type closingTickPoller struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newClosingTickPoller() *closingTickPoller {
	ctx, cancel := context.WithCancel(context.Background())
	p := &closingTickPoller{ctx: ctx, cancel: cancel}
	go p.poll()
	return p
}

func (p *closingTickPoller) poll() {
	<-p.ctx.Done()
}

func (p *closingTickPoller) Close() error {
	p.cancel()
	return nil
}

// The cancel handed out (a method value returned to the caller): the caller's to call.
type handedTickPoller struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newHandedTickPoller() (*handedTickPoller, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &handedTickPoller{ctx: ctx, cancel: cancel}
	go p.poll()
	return p, p.stop
}

func (p *handedTickPoller) poll() { <-p.ctx.Done() }

func (p *handedTickPoller) stop() { p.cancel() }

// An exported field: code outside the package may call it.
type PublicPoller struct {
	ctx    context.Context
	Cancel context.CancelFunc
}

func NewPublicPoller() *PublicPoller {
	ctx, cancel := context.WithCancel(context.Background())
	p := &PublicPoller{ctx: ctx, Cancel: cancel}
	go p.poll()
	return p
}

func (p *PublicPoller) poll() { <-p.ctx.Done() }
