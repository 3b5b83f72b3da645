package stoptwice

import (
	"context"
	"testing"
)

func TestLeaderLossThenShutdown(t *testing.T) {
	c := NewController()
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		c.Run(ctx)
	}()
	if got := <-c.seen; got != "revision" {
		t.Fatalf("saw %q", got)
	}
	cancel()
	<-ran
	c.Close()
}
