package templatemethods

import (
	htmltemplate "html/template"
	"io"
	"os"
	"sync"
	"text/template"
)

// A template calls the methods its text names on the data it is executed with: `{{.Title}}` calls Title. A page
// rendered under its read lock whose Title read-locks it again takes the read lock twice (hugo's page rendering).
type Page struct {
	mu     sync.RWMutex
	title  string
	params map[string]string
	Items  []*Item
	Name   string
}

type Item struct {
	mu   sync.Mutex
	name string
}

func (i *Item) Title() string {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.name
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

func (p *Page) SetTitle(t string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.title = t
}

var single = template.Must(template.New("single").Parse(`<h1>{{ .Title }}</h1><p>{{ .Param "author" | printf "%s" }}</p>`))

func (p *Page) Render(w io.Writer) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return single.Execute(w, p) // want `this call reaches an RLock of p.mu \(through Title, which template.Template.Execute calls for \{\{.Title\}\} on p\) while Render still holds it read-locked`
}

const headerText = `{{- if .Name }}{{ $.Param "lang" }}{{ end -}}`

// html/template, a template built in place, a constant text, and `$.Name` reaching the data inside a block.
func (p *Page) Header(w io.Writer) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return htmltemplate.Must(htmltemplate.New("header").Parse(headerText)).Execute(w, p) // want `this call reaches an RLock of p.mu \(through Param, which template.Template.Execute calls for \{\{.Param\}\} on p\) while Header still holds it locked`
}

// The fix: render a snapshot whose methods do not lock.
type pageView struct{ title string }

func (v pageView) Title() string           { return v.title }
func (v pageView) Param(key string) string { return "" }

func (p *Page) RenderFixed(w io.Writer) error {
	p.mu.RLock()
	v := pageView{title: p.title}
	p.mu.RUnlock()
	return single.Execute(w, v)
}

// Names inside range and with are asked of their elements, not of the page; fields call nothing.
var list = template.Must(template.New("list").Parse(`{{ .Name }}{{ range .Items }}{{ .Title }}{{ end }}{{ with .Items }}{{ .Title }}{{ end }}`))

func (p *Page) RenderList(w io.Writer) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return list.Execute(w, p)
}

// A template whose text is not a constant, or that the package parses into again, is unknown.
var fromFile = template.Must(template.ParseFiles("page.tmpl"))

var reparsed = template.Must(template.New("re").Parse(`{{ .Name }}`))

func init() {
	template.Must(reparsed.Parse(`{{ .Title }}`))
}

func (p *Page) RenderUnknown(w io.Writer, text string) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if err := fromFile.Execute(w, p); err != nil {
		return err
	}
	if err := reparsed.Execute(w, p); err != nil {
		return err
	}
	return template.Must(template.New("t").Parse(text)).Execute(os.Stdout, p)
}
