package watchctxsend

import (
	"context"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type tickingStream struct{ n int }

func (s *tickingStream) Recv() (WatchEvent, error) {
	time.Sleep(5 * time.Millisecond)
	s.n++
	return WatchEvent{Type: "PUT", Key: "/config/replicas", Value: "3"}, nil
}

func TestCollectUntilDeadline(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		if got := Collect(ctx, &tickingStream{}); len(got) == 0 {
			t.Errorf("no events")
		}
	})
}
