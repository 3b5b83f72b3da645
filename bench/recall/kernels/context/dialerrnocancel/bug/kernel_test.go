package dialerrnocancel

import (
	"context"
	"errors"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type dnsResolver struct{ ch chan []string }

func (r *dnsResolver) Updates() <-chan []string { return r.ch }
func (r *dnsResolver) Close()                   {}

func TestBlockingDialTimesOut(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := &dnsResolver{ch: make(chan []string, 1)}
		r.ch <- []string{"10.0.0.1:443", "10.0.0.2:443"}
		refused := func(context.Context, string) error { return errors.New("connect: connection refused") }

		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		cc, err := DialContext(ctx, "dns:///payments.internal:443", r, WithBlock(), WithDialer(refused))
		if err == nil {
			cc.Close()
			t.Errorf("dial to a refusing backend succeeded")
		}
	})
}
