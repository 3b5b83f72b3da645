package workerwaitsitself

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCorruptBlockStops(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewCompactor(2)
		c.Submit(Task{Key: "/registry/leases/a", Data: []byte{1, 1}})
		c.Submit(Task{Key: "/registry/leases/b", Data: []byte{1, 2}}) // corrupt
		time.Sleep(20 * time.Millisecond)
		c.Stop()
	})
}
