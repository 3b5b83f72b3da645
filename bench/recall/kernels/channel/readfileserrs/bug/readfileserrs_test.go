package readfileserrs

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type File struct {
	Path string
}

type Page struct {
	Title string
	Path  string
}

type Site struct {
	// ReadFile reads a source file from the content filesystem.
	ReadFile func(path string) (string, error)
	mu       sync.Mutex
	pages    []*Page
}

func parseFrontMatter(path, content string) (*Page, error) {
	if !strings.HasPrefix(content, "---") {
		return nil, fmt.Errorf("%s: failed to unmarshal front matter", path)
	}
	title := strings.TrimSpace(strings.TrimPrefix(content, "---"))
	return &Page{Title: title, Path: path}, nil
}

func (s *Site) readPages(files <-chan File) error {
	for f := range files {
		content, err := s.ReadFile(f.Path)
		if err != nil {
			return err
		}
		p, err := parseFrontMatter(f.Path, content)
		if err != nil {
			return err
		}
		s.mu.Lock()
		s.pages = append(s.pages, p)
		s.mu.Unlock()
	}
	return nil
}

// readAndProcessContent reads the content files with a pool of workers.
func (s *Site) readAndProcessContent(all []File, numWorkers int) error {
	files := make(chan File, len(all))
	for _, f := range all {
		files <- f
	}
	close(files)

	errs := make(chan error)
	for i := 0; i < numWorkers; i++ {
		go func() {
			errs <- s.readPages(files)
		}()
	}
	for i := 0; i < numWorkers; i++ {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

func TestBrokenFrontMatter(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		fs := map[string]string{
			"content/post/broken.md": "title: oops",
			"content/post/a.md":      "--- A",
			"content/post/b.md":      "--- B",
			"content/post/c.md":      "--- C",
		}
		s := &Site{ReadFile: func(path string) (string, error) {
			if path != "content/post/broken.md" {
				time.Sleep(20 * time.Millisecond) // a cold disk
			}
			return fs[path], nil
		}}
		files := []File{{"content/post/broken.md"}, {"content/post/a.md"}, {"content/post/b.md"}, {"content/post/c.md"}}
		if err := s.readAndProcessContent(files, 4); err == nil {
			t.Errorf("expected a front matter error")
		}
	})
}
