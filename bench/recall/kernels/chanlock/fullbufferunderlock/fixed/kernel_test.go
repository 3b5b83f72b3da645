package fullbufferunderlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestPushBurst(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewDiscoveryServer()
		s.Connect("sidecar~10.1.0.4~reviews-v1.default")
		s.Push("ServiceEntry reviews")
		s.Push("DestinationRule reviews")
		s.Push("VirtualService reviews")
		s.Disconnect("sidecar~10.1.0.4~reviews-v1.default")
	})
}
