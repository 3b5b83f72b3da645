package statusreplyunderlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestReportAfterApply(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewServer(0x8e9e05c52164694d)
		defer s.Stop()
		s.n.Propose([]byte("put foo bar"))
		s.apply(1)
		if line := s.Report(); line == "" {
			t.Errorf("empty report")
		}
	})
}
