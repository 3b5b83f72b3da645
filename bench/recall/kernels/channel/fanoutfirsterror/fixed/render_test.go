package fanoutfirsterror

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Page struct {
	Path    string
	Content string
}

func renderPage(p Page) error {
	if strings.Contains(p.Content, "{{<") {
		return fmt.Errorf("%s: unclosed shortcode", p.Path)
	}
	return nil
}

// RenderAll renders every page concurrently and returns the first error.
func RenderAll(pages []Page) error {
	errs := make(chan error, len(pages))
	for _, p := range pages {
		go func(p Page) {
			errs <- renderPage(p)
		}(p)
	}
	for range pages {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

func TestRenderStopsAtFirstError(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		pages := []Page{
			{Path: "posts/a.md", Content: "{{< figure"},
			{Path: "posts/b.md", Content: "hello"},
			{Path: "posts/c.md", Content: "world"},
			{Path: "posts/d.md", Content: "{{< gist"},
		}
		if err := RenderAll(pages); err == nil {
			t.Errorf("no error")
		}
	})
}
