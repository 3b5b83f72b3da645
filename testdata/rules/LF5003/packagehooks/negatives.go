package packagehooks

import "sync"

// Hooks that lock nothing of the store. Silent.
var openHooks []func(t *Table)

func registerOpenHook(h func(t *Table)) { openHooks = append(openHooks, h) }

func init() { registerOpenHook(countOpen) }

var opened int

func countOpen(t *Table) { opened++ }

type Table struct {
	mu   sync.Mutex
	rows int
}

func (t *Table) Rows() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rows
}

func (t *Table) Open() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, h := range openHooks {
		h(t)
	}
}

// Hooks run after the unlock. Silent.
var closeHooks []func(t *Table)

func registerCloseHook(h func(t *Table)) { closeHooks = append(closeHooks, h) }

func init() { registerCloseHook(func(t *Table) { _ = t.Rows() }) }

func (t *Table) Close() {
	t.mu.Lock()
	t.rows = 0
	t.mu.Unlock()
	for _, h := range closeHooks {
		h(t)
	}
}

// Hooks registered by an exported function the package never calls: other packages put what they like there, so
// the list is unknown, even though it starts with a hook that locks. Silent.
var truncateHooks = []func(t *Table){func(t *Table) { _ = t.Rows() }}

func RegisterTruncateHook(h func(t *Table)) { truncateHooks = append(truncateHooks, h) }

func (t *Table) Truncate() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows = 0
	for _, h := range truncateHooks {
		h(t)
	}
}

// A hook given a function from a value the package does not know. Silent.
type Logger interface{ Log(t *Table) }

var onVacuum func(t *Table)

func SetLogger(l Logger) { onVacuum = l.Log }

func init() { onVacuum = func(t *Table) { _ = t.Rows() } }

func (t *Table) Vacuum() {
	t.mu.Lock()
	defer t.mu.Unlock()
	onVacuum(t)
}

// A hook whose lock is another table's. Silent.
var mirror = &Table{}

var onReplicate = func(t *Table) { _ = mirror.Rows() }

func (t *Table) Replicate() {
	t.mu.Lock()
	defer t.mu.Unlock()
	onReplicate(t)
}
