package renderwaitsworkers

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestRenderSections(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := &Site{pages: map[string][]Page{
			"posts": {{Section: "posts", Title: "Hello"}},
			"docs":  {{Section: "docs", Title: "Install"}, {Section: "docs", Title: "Usage"}},
		}}
		s.Render([]string{"posts", "docs"})
		if len(s.rendered) != 2 {
			t.Errorf("rendered = %d", len(s.rendered))
		}
	})
}
