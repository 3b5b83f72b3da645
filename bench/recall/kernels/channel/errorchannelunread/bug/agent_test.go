package errorchannelunread

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Proxy interface {
	Run(epoch int) error
}

type agent struct {
	proxy    Proxy
	errc     chan error
	mu       sync.Mutex
	epoch    int
	lastExit error
}

func newAgent(p Proxy) *agent {
	return &agent{proxy: p, errc: make(chan error)}
}

// Restart starts a new epoch of the proxy; its exit is reported on a.errc.
func (a *agent) Restart() {
	a.mu.Lock()
	a.epoch++
	epoch := a.epoch
	a.mu.Unlock()
	go func() {
		err := a.proxy.Run(epoch)
		a.errc <- err
	}()
}

// LastExit returns the error the last epoch exited with.
func (a *agent) LastExit() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lastExit
}

type failingProxy struct{}

func (failingProxy) Run(int) error { return errors.New("envoy exited with code 1") }

func TestRestartAfterCrash(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		a := newAgent(failingProxy{})
		a.Restart()
		time.Sleep(20 * time.Millisecond)
		_ = a.LastExit()
	})
}
