package watchfieldignoresctx

import (
	"context"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// chatty yields an event at once every time it is asked, until its context ends.
type chatty struct{ n int }

func (c *chatty) Recv(ctx context.Context) (Event, error) {
	if err := ctx.Err(); err != nil {
		return Event{}, err
	}
	c.n++
	return Event{Key: "k", Value: string(rune('a' + c.n%26))}, nil
}

func TestWatchCancelled(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		ctx, cancel := context.WithCancel(context.Background())
		w := Watch(ctx, &chatty{})
		if _, err := w.Next(ctx); err != nil {
			t.Fatal(err)
		}
		// The watcher has its next event in hand and waits to hand it over; the caller is done and cancels.
		time.Sleep(10 * time.Millisecond)
		cancel()
	})
}
