package afterfunccancelstopped

import (
	"errors"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestFastAndSlowBackups(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewRunner(NewRegistry(), 5*time.Millisecond)
		if err := r.RunWithDeadline(backupJob{id: "slow", work: time.Hour}, 20*time.Millisecond); !errors.Is(err, ErrJobTimedOut) {
			t.Errorf("slow: %v", err)
		}
		if err := r.RunWithDeadline(backupJob{id: "fast", work: 10 * time.Millisecond}, time.Minute); err != nil {
			t.Errorf("fast: %v", err)
		}
	})
}
