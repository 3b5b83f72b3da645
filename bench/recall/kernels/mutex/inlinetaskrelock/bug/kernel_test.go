package inlinetaskrelock

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type fakeGossip struct {
	mu    sync.Mutex
	infos map[string]string
}

func (g *fakeGossip) AddInfo(k, v string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.infos[k] = v
}

func TestAcquireLeaseGossips(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		stopper := &Stopper{}
		g := &fakeGossip{infos: map[string]string{}}
		r := &Replica{rangeID: "r42", stopper: stopper, gossip: g}
		if err := r.AcquireLease(); err != nil {
			t.Error(err)
		}
		stopper.Stop()
		if g.infos["lease:r42"] != "n1@1" {
			t.Errorf("gossip = %v", g.infos)
		}
	})
}
