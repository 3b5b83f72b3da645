package deferredcancelafterwait

import (
	"context"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type memLease struct{ renewals int }

func (l *memLease) KeepAlive() error {
	l.renewals++
	if l.renewals > 1000 {
		return errExpired
	}
	return nil
}

func TestRunReturnsTaskResult(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewTaskRunner(&memLease{}, 5*time.Millisecond)
		err := r.Run(context.Background(), func(ctx context.Context) error {
			time.Sleep(20 * time.Millisecond) // compact the shard
			return nil
		})
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	})
}
