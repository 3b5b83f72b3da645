package waitloopignoresclose

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCloseAfterLogging(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		dst := &memLogger{}
		rl := NewRingLogger(dst, 1<<10)
		rl.Log(&Message{Line: []byte("starting"), Source: "stdout", Timestamp: time.Now()})
		rl.Log(&Message{Line: []byte("ready"), Source: "stdout", Timestamp: time.Now()})
		time.Sleep(20 * time.Millisecond)
		rl.Close()
		dst.mu.Lock()
		defer dst.mu.Unlock()
		if len(dst.lines) != 2 {
			t.Errorf("lines = %v", dst.lines)
		}
	})
}
