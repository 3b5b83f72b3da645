package renderwaitsworkers

import (
	"fmt"
	"sync"
)

type Page struct {
	Section string
	Title   string
}

type Site struct {
	mu       sync.RWMutex
	pages    map[string][]Page
	rendered map[string]string
}

func (s *Site) getPages(section string) []Page {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.pages[section]
}

type sectionResult struct {
	section string
	html    string
}

// Render renders every section in parallel and stores the output.
func (s *Site) Render(sections []string) {
	results := make(chan sectionResult)
	for _, sec := range sections {
		go func(sec string) {
			pages := s.getPages(sec)
			results <- sectionResult{sec, fmt.Sprintf("<ul>%d pages</ul>", len(pages))}
		}(sec)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rendered = map[string]string{}
	for range sections {
		r := <-results
		s.rendered[r.section] = r.html
	}
}
