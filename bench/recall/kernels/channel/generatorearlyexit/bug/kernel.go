package generatorearlyexit

import "strings"

type Page struct {
	Path  string
	Title string
}

type Site struct {
	pages []Page
}

// Pages streams the site's pages in order.
func (s *Site) Pages() <-chan Page {
	out := make(chan Page)
	go func() {
		for _, p := range s.pages {
			out <- p
		}
		close(out)
	}()
	return out
}

// Find returns the first page whose path has the prefix.
func (s *Site) Find(prefix string) (Page, bool) {
	for p := range s.Pages() {
		if strings.HasPrefix(p.Path, prefix) {
			return p, true
		}
	}
	return Page{}, false
}

// Home is the first page.
func (s *Site) Home() Page {
	return <-s.Pages()
}
