package pingtimeoutloop

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Peer struct {
	Addr  string
	delay time.Duration
}

func (p *Peer) Ping() error {
	time.Sleep(p.delay)
	return nil
}

// Alive probes every peer, giving each the timeout.
func Alive(peers []*Peer, timeout time.Duration) []*Peer {
	var alive []*Peer
	for _, p := range peers {
		errc := make(chan error)
		go func(p *Peer) {
			errc <- p.Ping()
		}(p)
		select {
		case err := <-errc:
			if err == nil {
				alive = append(alive, p)
			}
		case <-time.After(timeout):
			continue
		}
	}
	return alive
}

func TestAlive(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		peers := []*Peer{{Addr: "a"}, {Addr: "b", delay: 50 * time.Millisecond}, {Addr: "c"}}
		if got := Alive(peers, 10*time.Millisecond); len(got) != 2 {
			t.Errorf("alive %d", len(got))
		}
	})
}
