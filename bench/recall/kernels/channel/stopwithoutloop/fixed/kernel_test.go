package stopwithoutloop

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type downClient struct{}

func (downClient) Connect() error       { return errUnavailable }
func (downClient) Concurrency() float64 { return 0 }

func TestStopAfterFailedStart(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		a := NewAutoscaler(downClient{})
		if err := a.Start(); err == nil {
			t.Errorf("start succeeded")
		}
		a.Stop()
	})
}
