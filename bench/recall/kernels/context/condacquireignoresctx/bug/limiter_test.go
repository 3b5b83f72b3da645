package condacquireignoresctx

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// ConcurrencyLimiter admits at most max concurrent snapshot transfers.
type ConcurrencyLimiter struct {
	mu    sync.Mutex
	cond  *sync.Cond
	inUse int
	max   int
}

func NewConcurrencyLimiter(max int) *ConcurrencyLimiter {
	l := &ConcurrencyLimiter{max: max}
	l.cond = sync.NewCond(&l.mu)
	return l
}

// Acquire waits for a free slot or for ctx to end.
func (l *ConcurrencyLimiter) Acquire(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.inUse >= l.max {
		if err := ctx.Err(); err != nil {
			return err
		}
		l.cond.Wait()
	}
	l.inUse++
	return nil
}

func (l *ConcurrencyLimiter) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inUse--
	l.cond.Signal()
}

// sendSnapshot streams a snapshot to a learner if a transfer slot frees up in time.
func sendSnapshot(ctx context.Context, l *ConcurrencyLimiter, to string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	if err := l.Acquire(ctx); err != nil {
		return err
	}
	defer l.Release()
	return nil
}

func TestSnapshotGivesUpWhenBusy(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		l := NewConcurrencyLimiter(1)
		if err := l.Acquire(context.Background()); err != nil { // a long transfer holds the slot
			t.Fatal(err)
		}
		err := sendSnapshot(context.Background(), l, "learner-3")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("sendSnapshot = %v", err)
		}
		l.Release()
	})
}
