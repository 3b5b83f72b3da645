package iteratorearlybreak

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestQueryThenAppend(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		h := NewHead()
		for i, v := range []float64{0.2, 0.4, 0.95, 0.3} {
			h.Append(`up{job="api"}`, Sample{T: int64(i) * 15000, V: v})
		}
		if n := Count(h, `up{job="api"}`); n != 4 {
			t.Errorf("count = %d", n)
		}
		if s, ok := FirstAbove(h, `up{job="api"}`, 0.9); !ok || s.T != 30000 {
			t.Errorf("first above = %v %v", s, ok)
		}
		h.Append(`up{job="api"}`, Sample{T: 60000, V: 1})
	})
}
