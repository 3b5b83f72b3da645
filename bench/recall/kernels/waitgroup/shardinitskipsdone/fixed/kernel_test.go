package shardinitskipsdone

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestStopWithAShardDown(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewQueueManager(3, flakyEndpoint{down: map[int]bool{1: true}})
		m.Start()
		m.Append(Sample{Series: `up{job="node"}`, Value: 1, TS: 1700000000})
		m.Stop()
	})
}
