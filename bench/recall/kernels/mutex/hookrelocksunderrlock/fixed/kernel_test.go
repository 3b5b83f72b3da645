package hookrelocksunderrlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestNotifyRegisteredService(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewAuditedRegistry()
		r.Register("db", "10.0.0.5:5432")
		if !r.Notify("db") {
			t.Error("db should be registered")
		}
	})
}
