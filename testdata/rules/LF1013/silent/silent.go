package silent

import (
	"sync"
	"time"
)

// The fix: a buffer of one keeps a wake-up pending while the loop works.
type buffered struct {
	notify chan struct{}
	stop   chan struct{}
}

func newBuffered() *buffered {
	b := &buffered{notify: make(chan struct{}, 1), stop: make(chan struct{})}
	go b.run()
	return b
}

func (b *buffered) Poke() {
	select {
	case b.notify <- struct{}{}:
	default:
	}
}

func (b *buffered) run() {
	for {
		select {
		case <-b.notify:
			flush()
		case <-b.stop:
			return
		}
	}
}

func flush() { time.Sleep(time.Millisecond) }

// One of the makes is buffered (a reset gives the channel a buffer): not every make is unbuffered.
type remade struct{ notify chan struct{} }

func newRemade() *remade {
	r := &remade{notify: make(chan struct{})}
	go r.run()
	return r
}

func (r *remade) Reset() { r.notify = make(chan struct{}, 1) }

func (r *remade) Poke() {
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

func (r *remade) run() {
	for range r.notify {
		flush()
	}
}

// Another sender blocks: the channel is a rendezvous, and the non-blocking send is an optional extra.
type mixed struct{ notify chan struct{} }

func newMixed() *mixed {
	m := &mixed{notify: make(chan struct{})}
	go m.run()
	return m
}

func (m *mixed) TryPoke() {
	select {
	case m.notify <- struct{}{}:
	default:
	}
}

func (m *mixed) Poke() { m.notify <- struct{}{} }

func (m *mixed) run() {
	for range m.notify {
		flush()
	}
}

// Hand off only if the worker is idle right now: the default does the job itself (or queues it).
type handoff struct {
	work  chan struct{}
	mu    sync.Mutex
	queue []int
}

func newHandoff() *handoff {
	h := &handoff{work: make(chan struct{})}
	go h.worker()
	return h
}

func (h *handoff) Submit(job int) {
	select {
	case h.work <- struct{}{}:
	default:
		go flush()
	}
}

func (h *handoff) Enqueue(job int) {
	select {
	case h.work <- struct{}{}:
	default:
		h.mu.Lock()
		h.queue = append(h.queue, job)
		h.mu.Unlock()
	}
}

func (h *handoff) worker() {
	for range h.work {
		flush()
	}
}

// Closed to broadcast as well: the channel is a signal for everybody, not a wake-up of one loop.
type closedToo struct {
	changed chan struct{}
	stop    chan struct{}
}

func newClosedToo() *closedToo {
	c := &closedToo{changed: make(chan struct{}), stop: make(chan struct{})}
	go c.run()
	return c
}

func (c *closedToo) Notify() {
	select {
	case c.changed <- struct{}{}:
	default:
	}
}

func (c *closedToo) Close() { close(c.changed) }

func (c *closedToo) run() {
	for {
		select {
		case _, ok := <-c.changed:
			if !ok {
				return
			}
			flush()
		case <-c.stop:
			return
		}
	}
}

// The loop also polls on a ticker: a dropped wake-up only delays the work until the next tick.
type ticking struct {
	kick chan struct{}
	stop chan struct{}
}

func newTicking() *ticking {
	t := &ticking{kick: make(chan struct{}), stop: make(chan struct{})}
	go t.run()
	return t
}

func (t *ticking) Kick() {
	select {
	case t.kick <- struct{}{}:
	default:
	}
}

func (t *ticking) run() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-t.kick:
			flush()
		case <-tick.C:
			flush()
		case <-t.stop:
			return
		}
	}
}

// Polls with time.After in the select: the same.
type after struct{ kick chan struct{} }

func newAfter() *after {
	a := &after{kick: make(chan struct{})}
	go a.run()
	return a
}

func (a *after) Kick() {
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

func (a *after) run() {
	for {
		select {
		case <-a.kick:
		case <-time.After(time.Minute):
		}
		flush()
	}
}

// The receiving select has a default: the loop spins and never waits on the wake-up alone.
type spinning struct{ kick chan struct{} }

func newSpinning() *spinning {
	s := &spinning{kick: make(chan struct{})}
	go s.run()
	return s
}

func (s *spinning) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *spinning) run() {
	for {
		select {
		case <-s.kick:
			flush()
		default:
			flush()
		}
	}
}

// The value is a message the loop uses: dropping it when the loop is busy is a (lossy) choice, not a wake-up lost.
type events struct{ in chan string }

func newEvents() *events {
	e := &events{in: make(chan string)}
	go e.run()
	return e
}

func (e *events) Publish(ev string) {
	select {
	case e.in <- ev:
	default:
	}
}

func (e *events) run() {
	for ev := range e.in {
		record(ev)
	}
}

func record(string) { flush() }

// The loop does no work between receives: it only records that something changed and goes back to its receive.
type flagger struct {
	kick    chan struct{}
	mu      sync.Mutex
	changed bool
}

func newFlagger() *flagger {
	f := &flagger{kick: make(chan struct{})}
	go f.run()
	return f
}

func (f *flagger) Kick() {
	select {
	case f.kick <- struct{}{}:
	default:
	}
}

func (f *flagger) run() {
	for range f.kick {
		f.mu.Lock()
		f.changed = true
		f.mu.Unlock()
	}
}

// A pool: any idle worker takes the wake-up, and a busy pool is what the default is for.
type pool struct{ wake chan struct{} }

func newPool(n int) *pool {
	p := &pool{wake: make(chan struct{})}
	for i := 0; i < n; i++ {
		go p.worker()
	}
	return p
}

func (p *pool) Wake() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

func (p *pool) worker() {
	for range p.wake {
		flush()
	}
}

// Received outside the loop too (a Wait method): the loop is not its only receiver.
type shared struct{ kick chan struct{} }

func newShared() *shared {
	s := &shared{kick: make(chan struct{})}
	go s.run()
	return s
}

func (s *shared) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *shared) Wait() { <-s.kick }

func (s *shared) run() {
	for range s.kick {
		flush()
	}
}

// Handed out: whoever gets the channel may serve or buffer it.
type handed struct{ kick chan struct{} }

func newHanded() *handed {
	h := &handed{kick: make(chan struct{})}
	go h.run()
	return h
}

func (h *handed) Kicks() chan struct{} { return h.kick }

func (h *handed) Kick() {
	select {
	case h.kick <- struct{}{}:
	default:
	}
}

func (h *handed) run() {
	for range h.kick {
		flush()
	}
}

// The poker retries until the loop takes the wake-up.
type retrying struct{ kick chan struct{} }

func newRetrying() *retrying {
	r := &retrying{kick: make(chan struct{})}
	go r.run()
	return r
}

func (r *retrying) Kick() {
	for {
		select {
		case r.kick <- struct{}{}:
			return
		default:
		}
		time.Sleep(time.Millisecond)
	}
}

func (r *retrying) run() {
	for range r.kick {
		flush()
	}
}

// An exported field of an exported type: another package may make, buffer or serve it.
type Exported struct{ Kick chan struct{} }

func NewExported() *Exported {
	e := &Exported{Kick: make(chan struct{})}
	go e.run()
	return e
}

func (e *Exported) Poke() {
	select {
	case e.Kick <- struct{}{}:
	default:
	}
}

func (e *Exported) run() {
	for range e.Kick {
		flush()
	}
}

// A one-shot receiver, no loop: a different bug (the goroutine may wait for ever), not a wake-up dropped by a busy loop.
func once() {
	ready := make(chan struct{})
	go func() {
		<-ready
		flush()
	}()
	select {
	case ready <- struct{}{}:
	default:
	}
}

// A local channel also handed to a function: the function may be another receiver.
func localHanded(serve func(chan struct{})) {
	kick := make(chan struct{})
	go serve(kick)
	go func() {
		for range kick {
			flush()
		}
	}()
	select {
	case kick <- struct{}{}:
	default:
	}
}

// The loop goroutine literal is started in a loop: a pool of receivers.
func localPool(n int) {
	kick := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() {
			for range kick {
				flush()
			}
		}()
	}
	select {
	case kick <- struct{}{}:
	default:
	}
}

// The wake-up announces nothing the sender recorded (mpb's render callback nudging a loop that aborts the bar):
// dropped while the loop works, it loses nothing the loop's last run did not do, and the callback comes again.
func renderNudge(abort func(), stop chan struct{}) func() string {
	checkDone := make(chan struct{})
	render := func() string {
		defer func() {
			select {
			case checkDone <- struct{}{}:
			default:
			}
		}()
		return ""
	}
	go func() {
		for {
			select {
			case <-checkDone:
				abort()
			case <-stop:
				return
			}
		}
	}()
	return render
}

// The same with a method: Ping records nothing before it pokes.
type pinger struct{ ping chan struct{} }

func newPinger() *pinger {
	p := &pinger{ping: make(chan struct{})}
	go p.run()
	return p
}

func (p *pinger) Ping() {
	select {
	case p.ping <- struct{}{}:
	default:
	}
}

func (p *pinger) run() {
	for range p.ping {
		flush()
	}
}
