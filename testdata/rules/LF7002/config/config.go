package config

import (
	"os"
	"sync"
)

type Config struct{ Addr string }

func parse() *Config { return &Config{Addr: os.Getenv("ADDR")} }

// A config loaded once: Load is the fix idiom, Addr skips the Do.
var (
	loadOnce sync.Once
	current  *Config
)

func Load() *Config {
	loadOnce.Do(func() { current = parse() })
	return current
}

func Addr() string {
	return current.Addr // want `current is assigned only inside loadOnce.Do \(line 19\) but Addr reads it without calling loadOnce.Do first`
}

// Double-checked: the nil test reads before the Do.
var (
	tableOnce sync.Once
	table     map[string]int
)

func buildTable() { table = map[string]int{"a": 1} }

func Lookup(k string) int {
	if table == nil { // want `table is assigned only inside tableOnce.Do`
		tableOnce.Do(buildTable)
	}
	return table[k]
}

// A client that initialises lazily; one method forgets to.
type Client struct {
	initOnce sync.Once
	endpoint string
	headers  map[string]string
}

func (c *Client) init() {
	c.initOnce.Do(func() {
		c.endpoint = os.Getenv("ENDPOINT")
		c.headers = map[string]string{"User-Agent": "x"}
	})
}

func (c *Client) Get(path string) string {
	c.init()
	return c.endpoint + path + c.headers["User-Agent"]
}

func (c *Client) Endpoint() string {
	return c.endpoint // want `endpoint is assigned only inside c.initOnce.Do`
}

// Reached from an exported function through an unexported one.
func (c *Client) describe() string { return c.endpoint } // want `endpoint is assigned only inside c.initOnce.Do`

func (c *Client) String() string { return c.describe() }

// Negative cases.

// The read comes after the Do in the same function, or in a helper every caller guards.
func (c *Client) header(k string) string { return c.headers[k] }

func (c *Client) Header(k string) string {
	c.init()
	return c.header(k)
}

// A value also set outside the Do is not only published by it.
var (
	levelOnce sync.Once
	level     int
)

func SetLevel(l int) { level = l }

func Level() int {
	levelOnce.Do(func() { level = 1 })
	return level
}

func CurrentLevel() int { return level }

// A read under the lock the writer also takes.
type registry struct {
	mu    sync.Mutex
	once  sync.Once
	names []string
}

func (r *registry) load() {
	r.once.Do(func() {
		r.mu.Lock()
		r.names = []string{"a"}
		r.mu.Unlock()
	})
}

func (r *registry) Names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.names
}

// The error published by a close-once, read after the done channel closes.
type conn struct {
	closeOnce sync.Once
	done      chan struct{}
	err       error
}

func (c *conn) Close(err error) {
	c.closeOnce.Do(func() {
		c.err = err
		close(c.done)
	})
}

func (c *conn) Err() error {
	<-c.done
	return c.err
}

// A helper called only from inside the Do, and one nobody outside calls.
var (
	setupOnce sync.Once
	root      string
)

func setup() {
	root = os.Getenv("ROOT")
	logRoot()
}

func logRoot() { println(root) }

func Root() string {
	setupOnce.Do(setup)
	return root
}

func unusedHelper() string { return root }

// A local Once guards nothing beyond its function.
func Local() int {
	var once sync.Once
	n := 0
	once.Do(func() { n = 1 })
	return n
}

// A constructor sets the field with a keyed literal: not published by the Once.
type pool struct {
	once sync.Once
	size int
}

func newPool() *pool { return &pool{size: 4} }

func (p *pool) Grow() {
	p.once.Do(func() { p.size = 8 })
}

func (p *pool) Size() int { return p.size }

// A Once run by the constructor on the object it is building: nobody else sees the object yet.
type Runtime struct {
	clientOnce sync.Once
	client     *Config
}

func NewRuntime(c *Config) *Runtime {
	rt := &Runtime{}
	rt.clientOnce.Do(func() { rt.client = c })
	return rt
}

func (r *Runtime) Client() *Config { return r.client }

// Fields of the entries a Do builds belong to those entries, not to the Once's owner.
type entry struct{ dup bool }

type archive struct {
	listOnce sync.Once
	list     []entry
}

func (a *archive) entries() []entry {
	a.listOnce.Do(func() {
		a.list = make([]entry, 2)
		a.list[1].dup = true
	})
	return a.list
}

func (e *entry) Dup() bool { return e.dup }

// Every constructor of Handle calls setupNetlink, so a Handle exists only after the Do.
var (
	familyOnce sync.Once
	family     int
)

func setupNetlink() { familyOnce.Do(func() { family = 16 }) }

type Handle struct{ seq int }

func NewHandle() (*Handle, error) {
	setupNetlink()
	return &Handle{}, nil
}

func (h *Handle) Family() int { return family }

// Methods of an unexported type are reached only through values the package hands out after the Do.
type generator struct {
	initOnce sync.Once
	inc      uint64
}

func (g *generator) init() { g.initOnce.Do(func() { g.inc = 3 }) }

func (g *generator) NextID() uint64 { return g.inc }

// The read is in a helper only the methods of Handle call.
func familyRequest() int { return family + 1 }

func (h *Handle) Request() int { return familyRequest() }
