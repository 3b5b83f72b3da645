package afterfuncwaitunderlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestClearRacesExpiry(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewTTLManager()
		m.Start("adf4238a-882b-9ddc-4a9d-5b6758e4159e", "node-1", 10*time.Millisecond)
		m.Start("bd9f1e0c-19b0-4c8a-9b0e-2d6a2f4c0c11", "node-2", time.Hour)
		// The leader steps down just as the first session's TTL runs out.
		m.mu.Lock()
		time.Sleep(30 * time.Millisecond)
		m.mu.Unlock()
		m.Clear()
	})
}
