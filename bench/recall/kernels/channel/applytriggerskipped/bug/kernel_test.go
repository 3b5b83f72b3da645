package applytriggerskipped

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestPutEmptyKey(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewKVServer()
		defer s.Stop()
		if resp, err := s.Put("/registry/pods/web", "v1"); err != nil || resp.Revision != 1 {
			t.Errorf("put: %v %v", resp, err)
		}
		// A client sends a put without a key: the apply fails, and the proposer waits for its result.
		if _, err := s.Put("", "v2"); err == nil {
			t.Errorf("put with an empty key succeeded")
		}
	})
}
