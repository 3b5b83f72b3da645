package donecallbackready

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestRunWithBrokenPlugin(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewManager()
		m.Run(map[string]string{"docker": "/usr/lib/nomad/plugins/docker", "podman": ""})
		if len(m.plugins) != 1 || len(m.failed) != 1 {
			t.Errorf("plugins = %d, failed = %v", len(m.plugins), m.failed)
		}
	})
}
