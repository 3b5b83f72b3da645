package templatemethodrlock

import (
	"io"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	"recallbench/internal/leakcheck"
)

// beforeExecute runs after Render has taken the page lock; tests use it.
var beforeExecute = func() {}

type Page struct {
	mu     sync.RWMutex
	title  string
	params map[string]string
	body   string
}

func NewPage(title, body string, params map[string]string) *Page {
	return &Page{title: title, body: body, params: params}
}

func (p *Page) Title() string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.title
}

func (p *Page) Param(key string) string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.params[key]
}

func (p *Page) Content() string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.body
}

// SetTitle is called by the rebuild when the front matter changes.
func (p *Page) SetTitle(t string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.title = t
}

var single = template.Must(template.New("single").Parse(
	`<h1>{{ .Title }}</h1><p class="by">{{ .Param "author" }}</p>{{ .Content }}`))

// Render writes the page through its layout. It holds the read lock so the whole page comes
// from one version of the content.
func (p *Page) Render(w io.Writer) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	beforeExecute()
	return single.Execute(w, p)
}

func TestRenderDuringRebuild(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := NewPage("Release notes", "<p>v0.110</p>", map[string]string{"author": "bep"})
		beforeExecute = func() { time.Sleep(50 * time.Millisecond) }
		defer func() { beforeExecute = func() {} }()

		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(10 * time.Millisecond)
			p.SetTitle("Release notes v0.110") // the watcher saw the front matter change
		}()
		var b strings.Builder
		if err := p.Render(&b); err != nil {
			t.Error(err)
		}
		wg.Wait()
		if !strings.Contains(b.String(), "bep") {
			t.Errorf("rendered %q", b.String())
		}
	})
}
