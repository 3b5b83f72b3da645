package relockcallee

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestUpdateThenRead(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewStatusCache(time.Minute)
		c.Update("web-0", "Running")
		if p, _ := c.Phase("web-0"); p != "Running" {
			t.Errorf("phase = %q", p)
		}
	})
}
