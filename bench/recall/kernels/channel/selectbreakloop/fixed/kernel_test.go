package selectbreakloop

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestStopFlushes(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		var loaded []string
		r := NewReloader(func(names []string) { loaded = append(loaded, names...) })
		r.Notify(FileEvent{Name: "conf.d/upstreams.yaml", Op: Write})
		r.Notify(FileEvent{Name: "conf.d/.swp", Op: Create})
		r.Stop()
		if len(loaded) != 1 {
			t.Errorf("loaded = %v", loaded)
		}
	})
}
