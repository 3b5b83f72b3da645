package oncereentered

import (
	"strings"
	"sync"
)

type Page struct {
	init    sync.Once
	raw     string
	content string
	summary string
}

func (p *Page) initContent() {
	p.init.Do(func() {
		p.content = strings.TrimSpace(p.raw)
		p.summary = p.Summary()
	})
}

// Summary is the first sentence of the rendered content.
func (p *Page) Summary() string {
	p.initContent()
	if i := strings.IndexByte(p.content, '.'); i >= 0 {
		return p.content[:i+1]
	}
	return p.content
}

func (p *Page) Content() string {
	p.initContent()
	return p.content
}
