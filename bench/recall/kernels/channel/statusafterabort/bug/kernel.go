package statusafterabort

import (
	"errors"
	"time"
)

var errAborted = errors.New("aborted")

type Agent struct {
	statusCh chan error
	abortCh  chan struct{}
	proxy    func() error
}

func NewAgent(proxy func() error) *Agent {
	return &Agent{statusCh: make(chan error), abortCh: make(chan struct{}), proxy: proxy}
}

func (a *Agent) runWait() {
	err := a.proxy()
	a.statusCh <- err
}

// Run starts the proxy and waits for it to exit, or for Abort.
func (a *Agent) Run() error {
	go a.runWait()
	select {
	case err := <-a.statusCh:
		return err
	case <-a.abortCh:
		return errAborted
	}
}

func (a *Agent) Abort() { close(a.abortCh) }

func slowProxy() error { time.Sleep(50 * time.Millisecond); return nil }
