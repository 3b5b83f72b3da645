package cachefill

import (
	"strings"
	"sync"
)

// Site renders its pages in parallel and keeps the rendered output by path, as a static site
// generator does on a rebuild.
type Site struct {
	Pages    []string
	rendered map[string]string
}

func NewSite(pages []string) *Site {
	return &Site{Pages: pages, rendered: make(map[string]string)}
}

func (s *Site) RenderAll(render func(page string) string) {
	var wg sync.WaitGroup
	for _, p := range s.Pages {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			s.rendered[p] = render(p)
		}(p)
	}
	wg.Wait()
}

func (s *Site) Output(page string) string { return s.rendered[page] }

func Upper(page string) string { return strings.ToUpper(page) }
