package txnrollbackskipped

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestInvalidLeaseThenValid(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewLeaseStore(Open())
		if err := s.SaveLease(1, -5); err == nil {
			t.Errorf("negative ttl accepted")
		}
		if err := s.SaveLease(2, 30); err != nil {
			t.Errorf("save: %v", err)
		}
		if ttl := s.TTL(2); ttl != 30 {
			t.Errorf("ttl = %d", ttl)
		}
	})
}
