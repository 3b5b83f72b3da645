package statussyncloop

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestUpdatesInARow(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewStatusManager()
		m.Start()
		m.SetStatus(PodStatus{Name: "web-1", Phase: "Running"})
		m.SetStatus(PodStatus{Name: "web-2", Phase: "Pending"})
		m.SetStatus(PodStatus{Name: "web-3", Phase: "Running"})
		m.Stop()
	})
}
