package channels

import (
	"fmt"
	"sync"
)

type page struct{ file, layout string }

type site struct {
	templates map[string]string
	workers   int
}

func (s *site) render(p *page) error {
	if _, ok := s.templates[p.layout]; !ok {
		return fmt.Errorf("%s: layout %q not found", p.file, p.layout)
	}
	return nil
}

func renderWorker(s *site, pages <-chan *page, results chan<- error, wg *sync.WaitGroup) {
	defer wg.Done()
	for p := range pages {
		if err := s.render(p); err != nil {
			results <- err
		}
	}
}

// A collector goroutine that stops at the first error: the renderers' next errors have no receiver, and
// renderAll's Wait for them never returns.
func (s *site) firstError(results <-chan error, errs chan<- error) {
	for e := range results {
		errs <- e
		close(errs)
		return
	}
	errs <- nil
	close(errs)
}

func (s *site) renderAll(all []*page) error {
	results := make(chan error)
	pages := make(chan *page, s.workers)
	errs := make(chan error)
	go s.firstError(results, errs)
	var wg sync.WaitGroup
	for i := 0; i < s.workers; i++ {
		wg.Add(1)
		go renderWorker(s, pages, results, &wg) // want `the goroutine running channels.renderWorker \(one of those the loop at line \d+ starts\) sends on results in a loop, but the goroutine running site\.firstError \(started at line \d+\) can leave the loop receiving from it early`
	}
	for _, p := range all {
		pages <- p
	}
	close(pages)
	wg.Wait()
	close(results)
	return <-errs
}

// Fixed: the collector keeps draining and remembers the first error. Silent.
func (s *site) collect(results <-chan error, errs chan<- error) {
	var first error
	for e := range results {
		if first == nil {
			first = e
		}
	}
	errs <- first
}

func (s *site) renderAllFixed(all []*page) error {
	results := make(chan error)
	pages := make(chan *page, s.workers)
	errs := make(chan error)
	go s.collect(results, errs)
	var wg sync.WaitGroup
	for i := 0; i < s.workers; i++ {
		wg.Add(1)
		go renderWorker(s, pages, results, &wg)
	}
	for _, p := range all {
		pages <- p
	}
	close(pages)
	wg.Wait()
	close(results)
	return <-errs
}

// The collector hands the channel on: others may drain it. Silent.
func (s *site) forward(results <-chan error, sink func(<-chan error)) {
	for e := range results {
		if e != nil {
			sink(results)
			return
		}
	}
}

func (s *site) renderForwarded(all []*page, sink func(<-chan error)) {
	results := make(chan error)
	pages := make(chan *page, s.workers)
	go s.forward(results, sink)
	var wg sync.WaitGroup
	for i := 0; i < s.workers; i++ {
		wg.Add(1)
		go renderWorker(s, pages, results, &wg)
	}
	for _, p := range all {
		pages <- p
	}
	close(pages)
	wg.Wait()
	close(results)
}
