package old

import "time"

// Stopped in Close: the fix.
type Ticking struct {
	t    *time.Ticker
	done chan struct{}
}

func NewTicking(d time.Duration) *Ticking {
	return &Ticking{t: time.NewTicker(d), done: make(chan struct{})}
}

func (x *Ticking) Close() {
	x.t.Stop()
	close(x.done)
}

// Stopped by the goroutine that owns it when it sees done.
type Loop struct {
	t    *time.Ticker
	done chan struct{}
}

func NewLoop(d time.Duration) *Loop {
	l := &Loop{done: make(chan struct{})}
	l.t = time.NewTicker(d)
	go l.run()
	return l
}

func (l *Loop) run() {
	defer l.t.Stop()
	for {
		select {
		case <-l.t.C:
		case <-l.done:
			return
		}
	}
}

func (l *Loop) Stop() { close(l.done) }

// Copied to a local and stopped there: the rule does not follow copies, and need not.
type Copied struct {
	timer *time.Timer
}

func NewCopied(d time.Duration, f func()) *Copied {
	return &Copied{timer: time.AfterFunc(d, f)}
}

func (c *Copied) Close() {
	if t := c.timer; t != nil {
		t.Stop()
	}
}

// Handed to another function, which may stop it.
type Handed struct {
	timer *time.Timer
}

func NewHanded(d time.Duration) *Handed {
	h := &Handed{timer: time.NewTimer(d)}
	register(h.timer)
	return h
}

func register(t *time.Timer) { t.Stop() }

// A timer made elsewhere: its maker may stop it.
type Given struct {
	timer *time.Timer
}

func NewGiven(t *time.Timer) *Given { return &Given{timer: t} }

func (g *Given) Close() {}

// Close fires the timer now: its own function finishes the work (a Reset handoff).
type Fired struct {
	timer *time.Timer
}

func NewFired(d time.Duration, flush func()) *Fired {
	return &Fired{timer: time.AfterFunc(d, flush)}
}

func (f *Fired) Close() { f.timer.Reset(0) }

// Exported field: users of the package may stop it.
type Public struct {
	Ticker *time.Ticker
}

func NewPublic(d time.Duration) *Public { return &Public{Ticker: time.NewTicker(d)} }

func (p *Public) Close() {}

// Not a long-lived type: no stop method and no New* constructor.
type scratch struct {
	t *time.Timer
}

func use(d time.Duration) {
	s := scratch{t: time.NewTimer(d)}
	<-s.t.C
}

// Stopped through a method value.
type Deferred struct {
	t *time.Ticker
}

func NewDeferred(d time.Duration) *Deferred { return &Deferred{t: time.NewTicker(d)} }

func (x *Deferred) Close() {
	stop := x.t.Stop
	stop()
}
