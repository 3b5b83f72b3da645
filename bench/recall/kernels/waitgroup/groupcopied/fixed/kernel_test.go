package groupcopied

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestProbeAll(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := &Prober{check: func(addr string) bool { return addr != "" }}
		eps := []*Endpoint{{Addr: "10.0.0.1:80"}, {Addr: "10.0.0.2:80"}}
		p.ProbeAll(eps)
		for _, ep := range eps {
			if !ep.Up {
				t.Errorf("%s is down", ep.Addr)
			}
		}
	})
}
