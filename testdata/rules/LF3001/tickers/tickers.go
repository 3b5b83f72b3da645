package tickers

import "time"

func poll(done <-chan struct{}, f func()) {
	t := time.NewTicker(time.Second) // want `the ticker from time.NewTicker in t is not released on every path: .* t.Stop\(\)`
	for {
		select {
		case <-done:
			return
		case <-t.C:
			f()
		}
	}
}

func pollStopped(done <-chan struct{}, f func()) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			f()
		}
	}
}

func stopOnSomePaths(n int) {
	t := time.NewTicker(time.Millisecond) // want `the return at line 35 is reached without t.Stop`
	for i := 0; i < n; i++ {
		<-t.C
		if i == 3 {
			return
		}
	}
	t.Stop()
}

type poller struct{ t *time.Ticker }

func newPoller() *poller {
	t := time.NewTicker(time.Second)
	return &poller{t: t}
}

func (p *poller) reset() {
	p.t = time.NewTicker(time.Second)
}

func newTicker() *time.Ticker { return time.NewTicker(time.Second) }

func viaHelper() {
	t := newTicker() // want `ticker from tickers.newTicker in t`
	<-t.C
}

func viaHelperStopped() {
	t := newTicker()
	defer t.Stop()
	<-t.C
}

func endlessLoopNeverReturns(f func()) {
	t := time.NewTicker(time.Second)
	for range t.C {
		f()
	}
}

func stoppedInGoroutine(done chan struct{}) {
	t := time.NewTicker(time.Second)
	go func() {
		<-done
		t.Stop()
	}()
}
