package old

import (
	"sync"
	"time"
)

// A poller whose Close ends its goroutine but forgets the ticker.
type Poller struct {
	ticker *time.Ticker // the related location of the finding below
	done   chan struct{}
}

func NewPoller(d time.Duration, f func()) *Poller {
	p := &Poller{ticker: time.NewTicker(d), done: make(chan struct{})} // want `the ticker from time.NewTicker stored in Poller.ticker is never stopped: .*Poller.Close does not stop it.*call ticker.Stop\(\) in Close`
	go func() {
		for {
			select {
			case <-p.ticker.C:
				f()
			case <-p.done:
				return
			}
		}
	}()
	return p
}

func (p *Poller) Close() { close(p.done) }

// An idle timeout re-armed on every use and never stopped when the session closes.
type Session struct {
	mu   sync.Mutex
	idle *time.Timer
}

func (s *Session) Start(d time.Duration) {
	s.idle = time.AfterFunc(d, s.expire) // want `the timer from time.AfterFunc stored in Session.idle is never stopped.*Session.Close does not stop it.*then runs that function anyway`
}

func (s *Session) Touch(d time.Duration) { s.idle.Reset(d) }

func (s *Session) expire() {}

func (s *Session) Close() error { return nil }

// No Close at all, but a constructor: every Flusher made keeps a timer.
type Flusher struct {
	timer *time.Timer
}

func NewFlusher(d time.Duration) *Flusher {
	f := &Flusher{}
	f.timer = time.NewTimer(d) // want `the timer from time.NewTimer stored in Flusher.timer is never stopped.*Flusher has no Close or Stop method.*give it one that calls timer.Stop\(\)`
	return f
}

func (f *Flusher) Wait() { <-f.timer.C }
