package generatorearlyexit

import (
	"context"
	"strings"
)

type Page struct {
	Path  string
	Title string
}

type Site struct {
	pages []Page
}

// Pages streams the site's pages in order until ctx is done.
func (s *Site) Pages(ctx context.Context) <-chan Page {
	out := make(chan Page)
	go func() {
		defer close(out)
		for _, p := range s.pages {
			select {
			case out <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Find returns the first page whose path has the prefix.
func (s *Site) Find(prefix string) (Page, bool) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for p := range s.Pages(ctx) {
		if strings.HasPrefix(p.Path, prefix) {
			return p, true
		}
	}
	return Page{}, false
}

// Home is the first page.
func (s *Site) Home() Page {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	return <-s.Pages(ctx)
}
