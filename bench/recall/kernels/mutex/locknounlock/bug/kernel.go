package locknounlock

import (
	"errors"
	"strings"
	"sync"
)

type Template struct {
	Name string
	Body string
}

type TemplateCache struct {
	mu        sync.Mutex
	templates map[string]*Template
	closed    bool
}

func NewTemplateCache() *TemplateCache {
	return &TemplateCache{templates: map[string]*Template{}}
}

var errClosed = errors.New("template cache closed")

func (c *TemplateCache) Lookup(name string) (*Template, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errClosed
	}
	t, ok := c.templates[name]
	if !ok {
		t = &Template{Name: name, Body: "{{ define \"" + strings.TrimSuffix(name, ".html") + "\" }}"}
		c.templates[name] = t
	}
	return t, nil
}

// Close drops every template; lookups after it fail.
func (c *TemplateCache) Close() {
	c.mu.Lock()
	c.closed = true
	c.templates = nil
}
