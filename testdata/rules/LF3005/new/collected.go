package new

import "time"

// go1.23: a ticker or a channel timer whose owner is dropped is collected, stopped or not.
type Poller struct {
	ticker *time.Ticker
}

func NewPoller(d time.Duration) *Poller { return &Poller{ticker: time.NewTicker(d)} }

func (p *Poller) Close() {}

// An AfterFunc timer is not: it runs its function after Close whatever the version.
type Session struct {
	idle *time.Timer
}

func NewSession(d time.Duration, expire func()) *Session {
	return &Session{idle: time.AfterFunc(d, expire)} // want `the timer from time.AfterFunc stored in Session.idle is never stopped`
}

func (s *Session) Close() {}
