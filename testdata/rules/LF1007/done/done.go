package done

import (
	"errors"
	"time"
)

// A scrape loop whose Run returns early for a bad target without closing done; Stop waits on done.
type scrapeLoop struct {
	target string
	stop   chan struct{}
	done   chan struct{}
	scrape func(string)
}

func startScrapeLoop(target string, scrape func(string)) *scrapeLoop {
	sl := &scrapeLoop{target: target, scrape: scrape, stop: make(chan struct{}), done: make(chan struct{})}
	go sl.run()
	return sl
}

func (sl *scrapeLoop) run() {
	if sl.target == "" {
		return // want `run runs as a goroutine and closes sl.done when it finishes \(line \d+\), but this return leaves without closing it: Stop waits on sl.done`
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-sl.stop:
			close(sl.done)
			return
		case <-tick.C:
			sl.scrape(sl.target)
		}
	}
}

func (sl *scrapeLoop) Stop() {
	close(sl.stop)
	<-sl.done
}

// The fix: close done on every path with defer. Silent.
type fixedLoop struct {
	target string
	stop   chan struct{}
	done   chan struct{}
}

func startFixedLoop(target string) *fixedLoop {
	l := &fixedLoop{target: target, stop: make(chan struct{}), done: make(chan struct{})}
	go l.run()
	return l
}

func (l *fixedLoop) run() {
	defer close(l.done)
	if l.target == "" {
		return
	}
	<-l.stop
}

func (l *fixedLoop) Stop() {
	close(l.stop)
	<-l.done
}

// Closed on both paths explicitly. Silent.
type bothPaths struct {
	done chan struct{}
	err  error
}

func startBoth(check func() error) *bothPaths {
	b := &bothPaths{done: make(chan struct{})}
	go b.run(check)
	return b
}

func (b *bothPaths) run(check func() error) {
	if err := check(); err != nil {
		b.err = err
		close(b.done)
		return
	}
	close(b.done)
}

func (b *bothPaths) Wait() error {
	<-b.done
	return b.err
}

// The waiter has a timeout: it does not wait for ever. Silent.
type timed struct{ done chan struct{} }

func startTimed(fail bool) *timed {
	t := &timed{done: make(chan struct{})}
	go t.run(fail)
	return t
}

func (t *timed) run(fail bool) {
	if fail {
		return
	}
	close(t.done)
}

func (t *timed) Wait(d time.Duration) error {
	select {
	case <-t.done:
		return nil
	case <-time.After(d):
		return errors.New("timeout")
	}
}

// Another function closes the channel too (a Close that ends the wait): not the goroutine's alone. Silent.
type sharedClose struct {
	done chan struct{}
}

func startShared(fail bool) *sharedClose {
	s := &sharedClose{done: make(chan struct{})}
	go s.run(fail)
	return s
}

func (s *sharedClose) run(fail bool) {
	if fail {
		return
	}
	close(s.done)
}

func (s *sharedClose) Abort() { close(s.done) }

func (s *sharedClose) Wait() { <-s.done }

// A method called, not started: whoever calls it waits for it to return, not on done. Silent.
type called struct{ done chan struct{} }

func newCalled() *called { return &called{done: make(chan struct{})} }

func (c *called) finish(ok bool) {
	if !ok {
		return
	}
	close(c.done)
}

func (c *called) Wait() { <-c.done }

func (c *called) Run(ok bool) { c.finish(ok) }
