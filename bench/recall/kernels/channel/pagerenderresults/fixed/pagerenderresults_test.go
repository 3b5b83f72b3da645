package pagerenderresults

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type pageState struct {
	File     string
	Layout   string
	rendered string
}

type Site struct {
	numWorkers int
	templates  map[string]string
	publishMu  sync.Mutex
	published  map[string]string
}

func (s *Site) renderAndWritePage(p *pageState) error {
	tmpl, ok := s.templates[p.Layout]
	if !ok {
		return fmt.Errorf("render of %q failed: template %q not found", p.File, p.Layout)
	}
	p.rendered = strings.ReplaceAll(tmpl, "{{ .Title }}", p.File)
	s.publishMu.Lock()
	s.published[p.File] = p.rendered
	s.publishMu.Unlock()
	return nil
}

func pageRenderer(s *Site, pages <-chan *pageState, results chan<- error, wg *sync.WaitGroup) {
	defer wg.Done()
	for p := range pages {
		if err := s.renderAndWritePage(p); err != nil {
			results <- err
		}
	}
}

// errorCollator reports the build error back to renderPages.
func (s *Site) errorCollator(results <-chan error, errs chan<- error) {
	// Keep draining: the renderers block on results until every page is done.
	var first error
	for e := range results {
		if first == nil {
			first = e
		}
	}
	errs <- first
	close(errs)
}

func (s *Site) renderPages(all []*pageState) error {
	results := make(chan error)
	pages := make(chan *pageState, s.numWorkers)
	errs := make(chan error)

	go s.errorCollator(results, errs)

	wg := &sync.WaitGroup{}
	for i := 0; i < s.numWorkers; i++ {
		wg.Add(1)
		go pageRenderer(s, pages, results, wg)
	}
	for _, p := range all {
		pages <- p
	}
	close(pages)
	wg.Wait()
	close(results)

	err := <-errs
	if err != nil {
		return fmt.Errorf("failed to render pages: %w", err)
	}
	return nil
}

func TestRenderReportsMissingLayouts(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := &Site{numWorkers: 2, published: map[string]string{},
			templates: map[string]string{"single": "<h1>{{ .Title }}</h1>"}}
		var all []*pageState
		for i := 0; i < 6; i++ {
			layout := "single"
			if i%2 == 1 {
				layout = "list" // section pages whose layout is missing
			}
			all = append(all, &pageState{File: fmt.Sprintf("post/p%d.md", i), Layout: layout})
		}
		err := s.renderPages(all)
		if err == nil || !strings.Contains(err.Error(), "not found") {
			t.Errorf("got %v", err)
		}
		if errors.Unwrap(err) == nil {
			t.Errorf("error not wrapped")
		}
	})
}
