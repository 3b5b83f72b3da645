package errgroupproducerstuck

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// group runs functions in goroutines and keeps the first error, like x/sync/errgroup.
type group struct {
	wg      sync.WaitGroup
	errOnce sync.Once
	err     error
	cancel  func()
}

func withContext(ctx context.Context) (*group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &group{cancel: cancel}, ctx
}

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.errOnce.Do(func() {
				g.err = err
				if g.cancel != nil {
					g.cancel()
				}
			})
		}
	}()
}

func (g *group) Wait() error {
	g.wg.Wait()
	if g.cancel != nil {
		g.cancel()
	}
	return g.err
}

type Page struct {
	Path    string
	Content string
	Out     string
}

type Site struct {
	pages    []*Page
	workers  int
	rendered int
	mu       sync.Mutex
}

func (s *Site) renderPage(p *Page) error {
	if strings.Contains(p.Content, "{{") {
		return fmt.Errorf("render %s: template: unexpected EOF", p.Path)
	}
	p.Out = "<html>" + p.Content + "</html>"
	s.mu.Lock()
	s.rendered++
	s.mu.Unlock()
	return nil
}

// renderPages feeds the pages to a pool of renderers and returns the first render error.
func (s *Site) renderPages(ctx context.Context) error {
	g, ctx := withContext(ctx)
	pagesCh := make(chan *Page)
	g.Go(func() error {
		defer close(pagesCh)
		for _, p := range s.pages {
			select {
			case pagesCh <- p:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for i := 0; i < s.workers; i++ {
		g.Go(func() error {
			for p := range pagesCh {
				if err := s.renderPage(p); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

func TestRenderStopsAtBrokenTemplate(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := &Site{workers: 1}
		for _, c := range []string{"home", "about {{ .Title", "blog", "contact"} {
			s.pages = append(s.pages, &Page{Path: "/" + strings.Fields(c)[0], Content: c})
		}
		if err := s.renderPages(context.Background()); err == nil {
			t.Errorf("broken template rendered")
		}
	})
}
