package ifacechansend

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestAuditEveryInstance(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewCatalog()
		audit := NewAuditSink(c)
		c.AddSink(audit)
		c.Register("web", "web-1", "web-2")
		if lines := audit.Close(); len(lines) != 2 {
			t.Errorf("audit lines = %q", lines)
		}
	})
}
