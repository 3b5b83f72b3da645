package readerunlocked

import (
	"sync"
	"testing"
	"time"
)

// subConn is one connection of a load balancer; its state moves from IDLE to CONNECTING to READY
// in the background, as a client's sub-connection does.
type subConn struct {
	mu    sync.Mutex
	state string
	dial  func() error
}

func (sc *subConn) setState(s string) {
	sc.mu.Lock()
	sc.state = s
	sc.mu.Unlock()
}

// Connect starts connecting in the background.
func (sc *subConn) Connect() {
	go func() {
		sc.setState("CONNECTING")
		if err := sc.dial(); err != nil {
			sc.setState("TRANSIENT_FAILURE")
			return
		}
		sc.setState("READY")
	}()
}

// State is what the picker reads to choose a connection.
func (sc *subConn) State() string {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.state
}

func TestBecomesReady(t *testing.T) {
	sc := &subConn{state: "IDLE", dial: func() error { time.Sleep(time.Millisecond); return nil }}
	sc.Connect()
	deadline := time.Now().Add(2 * time.Second)
	for sc.State() != "READY" && time.Now().Before(deadline) {
		time.Sleep(100 * time.Microsecond)
	}
	if s := sc.State(); s != "READY" {
		t.Fatalf("state %s", s)
	}
}
