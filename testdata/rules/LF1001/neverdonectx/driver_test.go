package neverdonectx

import (
	"context"
	"testing"
)

// A test driver is no witness: only it passes a call made without a context. Silent.
func dispatch(ctx context.Context, c *Call, send func(*Call) error) error {
	errc := make(chan error)
	go func() {
		select {
		case errc <- send(c):
		case <-c.Context().Done():
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func TestDispatch(t *testing.T) {
	_ = dispatch(context.Background(), &Call{Method: "GET"}, func(*Call) error { return nil })
}
