package addinsidegoroutine

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestRestoreReportsRunningContainers(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := NewDaemon(func(id string) *Container {
			time.Sleep(10 * time.Millisecond) // reading config.v2.json
			return &Container{ID: id, Running: true}
		})
		d.Restore([]string{"a1", "b2", "c3"})
	})
}
