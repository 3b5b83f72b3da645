package oncereentered

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestSummary(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := &Page{raw: " Hugo is fast. And flexible. "}
		if s := p.Summary(); s != "Hugo is fast." {
			t.Errorf("summary %q", s)
		}
	})
}
