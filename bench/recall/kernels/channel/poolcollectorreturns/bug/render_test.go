package poolcollectorreturns

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Page struct {
	Path  string
	Draft bool
}

type result struct {
	path string
	html string
	err  error
}

func render(p Page) result {
	if p.Draft {
		return result{path: p.Path, err: errors.New("draft: " + p.Path)}
	}
	return result{path: p.Path, html: fmt.Sprintf("<h1>%s</h1>", p.Path)}
}

func renderWorker(pages <-chan Page, results chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for p := range pages {
		results <- render(p)
	}
}

// RenderSite renders every page on a pool of workers and stops at the first error.
func RenderSite(pages []Page, workers int) (map[string]string, error) {
	in := make(chan Page)
	results := make(chan result)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go renderWorker(in, results, &wg)
	}
	go func() {
		for _, p := range pages {
			in <- p
		}
		close(in)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	out := map[string]string{}
	for r := range results {
		if r.err != nil {
			return nil, r.err
		}
		out[r.path] = r.html
	}
	return out, nil
}

func TestRenderSite(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		var pages []Page
		for i := 0; i < 20; i++ {
			pages = append(pages, Page{Path: fmt.Sprintf("/p%d", i), Draft: i == 0})
		}
		if _, err := RenderSite(pages, 3); err == nil {
			t.Errorf("a draft rendered")
		}
	})
}
