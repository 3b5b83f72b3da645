package walkcallbacksend

import (
	"context"
	"errors"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func site() *fsNode {
	posts := &fsNode{name: "posts"}
	for _, n := range []string{"a.md", "b.md", "c.md", "d.md", "e.md", "f.md", "g.md", "h.md"} {
		posts.children = append(posts.children, &fsNode{name: n})
	}
	drafts := &fsNode{name: "drafts", children: []*fsNode{{name: "wip.md"}}}
	content := &fsNode{name: "content", children: []*fsNode{posts, drafts, {name: "_index.md"}}}
	return &fsNode{name: "", children: []*fsNode{content, {name: "config.toml"}}}
}

func TestLoadPagesTimesOut(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 35*time.Millisecond)
		defer cancel()
		if _, err := LoadPages(ctx, site()); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v", err)
		}
	})
}
