package relock

import "sync"

// A page renders its content once; the summary is derived from the content.
type page struct {
	init    sync.Once
	content string
	summary string
}

func (p *page) initContent() {
	p.init.Do(func() {
		p.content = "body"
		p.summary = p.Summary() // want `reaches p\.init\.Do again \(through Summary → initContent\)`
	})
}

func (p *page) Summary() string {
	p.initContent()
	return p.summary
}

// A lazily opened store whose opener asks for the store: Do given a method value.
type lazyStore struct {
	once sync.Once
	path string
	db   map[string]string
}

func (s *lazyStore) open() {
	s.db = map[string]string{}
	s.db["path"] = s.Get("root")
}

func (s *lazyStore) Get(k string) string {
	s.once.Do(s.open) // want `reaches s\.once\.Do again \(through open → Get\)`
	return s.db[k]
}

// Do called again directly inside its own function.
type nameTable struct {
	once  sync.Once
	names []string
}

func (r *nameTable) load() {
	r.once.Do(func() {
		r.names = []string{"a"}
		r.once.Do(func() {}) // want `r\.once\.Do is called again here`
	})
}

// Negative: the fix computes the summary from the content without going through Summary.
type fixedPage struct {
	init    sync.Once
	content string
	summary string
}

func (p *fixedPage) initContent() {
	p.init.Do(func() {
		p.content = "body"
		p.summary = summarize(p.content)
	})
}

func summarize(s string) string { return s[:1] }

func (p *fixedPage) Summary() string {
	p.initContent()
	return p.summary
}

// Negative: two Onces, one nested in the other, are two locks.
type twoStage struct {
	parse, build sync.Once
	ast, code    string
}

func (t *twoStage) AST() string {
	t.parse.Do(func() { t.ast = "ast" })
	return t.ast
}

func (t *twoStage) Code() string {
	t.build.Do(func() { t.code = t.AST() + "!" })
	return t.code
}

// Negative: the inner Do is on another value's Once.
type treeNode struct {
	once   sync.Once
	parent *treeNode
	depth  int
}

func (n *treeNode) Depth() int {
	n.once.Do(func() {
		if n.parent != nil {
			n.depth = n.parent.Depth() + 1
		}
	})
	return n.depth
}

// Negative: the function starts a goroutine that calls Do later; Do does not wait for it.
type warmer struct {
	once  sync.Once
	ready chan struct{}
}

func (w *warmer) Warm() {
	w.once.Do(func() {
		go w.Warm()
	})
}
