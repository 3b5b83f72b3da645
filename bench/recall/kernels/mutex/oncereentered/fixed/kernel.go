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
		p.summary = firstSentence(p.content)
	})
}

func firstSentence(s string) string {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return s[:i+1]
	}
	return s
}

// Summary is the first sentence of the rendered content.
func (p *Page) Summary() string {
	p.initContent()
	return p.summary
}

func (p *Page) Content() string {
	p.initContent()
	return p.content
}
