package oncecancelconsumed

import (
	"context"
	"errors"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var errConnReset = errors.New("write: connection reset by peer")

type brokenTransport struct{}

func (brokenTransport) Write([]byte) error { return errConnReset }

func TestCloseAfterFailedSend(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		in := make(chan []byte)
		s := NewStream(context.Background(), brokenTransport{}, in)
		if err := s.Send([]byte("ping")); !errors.Is(err, errConnReset) {
			t.Errorf("send = %v", err)
		}
		if err := s.Close(); !errors.Is(err, errConnReset) {
			t.Errorf("close = %v", err)
		}
	})
}
