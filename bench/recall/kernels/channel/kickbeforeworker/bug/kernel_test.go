package kickbeforeworker

import (
	"context"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestStart(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		ctx, cancel := context.WithCancel(context.Background())
		s := &Stopper{}
		c := NewCompactor()
		c.Start(ctx, s)
		cancel()
		s.Wait()
	})
}
