package racelookuploser

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestHostsFileWins(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := NewDialer(&hostsFile{entries: map[string][]string{"registry.local": {"192.168.1.5"}}},
			&dnsResolver{server: "10.96.0.10:53", latency: 30 * time.Millisecond})
		addrs, err := d.resolve("registry.local")
		if err != nil || len(addrs) != 1 {
			t.Errorf("addrs = %v, err = %v", addrs, err)
		}
	})
}
