package generatorearlyexit

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestFind(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := &Site{pages: []Page{{Path: "/"}, {Path: "/blog/a"}, {Path: "/blog/b"}, {Path: "/about"}}}
		if p, ok := s.Find("/blog/"); !ok || p.Path != "/blog/a" {
			t.Errorf("got %v %v", p, ok)
		}
		if h := s.Home(); h.Path != "/" {
			t.Errorf("home %v", h)
		}
	})
}
