// Package perrequest grows maps that die with the request or value that holds them.
package perrequest

import "net/http"

// A local map is garbage once the handler returns.
func Handle(w http.ResponseWriter, r *http.Request) {
	counts := map[string]int{}
	for k := range r.URL.Query() {
		counts[k]++
	}
	_ = counts
}

// A decoder is made per request: its map lives as long as the request.
type decoder struct {
	names map[string]int
}

func NewDecoder() *decoder { return &decoder{names: map[string]int{}} }

func (d *decoder) Decode(r *http.Request) { d.names[r.URL.Path]++ }

// A builder's slice is returned to its caller, who owns it.
type Builder struct {
	parts []string
}

func (b *Builder) Add(r *http.Request) { b.parts = append(b.parts, r.URL.Path) }

func (b *Builder) Parts() []string { return b.parts }
