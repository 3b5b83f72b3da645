package refreshwaitsgoroutine

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type staticSource map[string]string

func (s staticSource) Load() map[string]string { return s }

func TestReload(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewCache(staticSource{"a": "1"})
		c.Reload()
		if v, ok := c.Get("a"); !ok || v != "1" {
			t.Errorf("got %q %v", v, ok)
		}
	})
}
