package ownerbound

import (
	"errors"
	"sync"
)

// A model scanning its folders through an interface (two implementers kept in a map); each folder reports a
// finished scan through its onScanned field, set at construction to the model's own method value, which takes
// the model's write lock. The model scans under its read lock.
type folderRunner interface {
	Scan(dirs []string) error
}

type folderBase struct {
	id        string
	onScanned func(folder string, n int)
}

type sendReceiveFolder struct {
	folderBase
	pulls int
}

func (f *sendReceiveFolder) Scan(dirs []string) error {
	f.onScanned(f.id, len(dirs))
	return nil
}

type receiveOnlyFolder struct {
	folderBase
	revert bool
}

func (f *receiveOnlyFolder) Scan(dirs []string) error {
	if f.revert {
		return errors.New("revert pending")
	}
	f.onScanned(f.id, len(dirs))
	return nil
}

type model struct {
	fmut    sync.RWMutex
	runners map[string]folderRunner
	scans   map[string]int
}

func (m *model) AddFolder(id string, receiveOnly bool) {
	base := folderBase{id: id, onScanned: m.recordScan}
	var r folderRunner
	if receiveOnly {
		r = &receiveOnlyFolder{folderBase: base}
	} else {
		r = &sendReceiveFolder{folderBase: base}
	}
	m.fmut.Lock()
	m.runners[id] = r
	m.fmut.Unlock()
}

func (m *model) recordScan(folder string, n int) {
	m.fmut.Lock()
	defer m.fmut.Unlock()
	m.scans[folder] += n
}

func (m *model) ScanFolder(id string, dirs []string) error {
	m.fmut.RLock()
	defer m.fmut.RUnlock()
	r, ok := m.runners[id]
	if !ok {
		return errors.New("no such folder")
	}
	return r.Scan(dirs) // want `this call reaches a Lock of m.fmut \(through Scan → recordScan\) while ScanFolder still holds it read-locked since line 69 \(1 more call with the lock held reaches it the same way\)`
}

func (m *model) ScanAll() {
	m.fmut.RLock()
	defer m.fmut.RUnlock()
	for _, r := range m.runners {
		_ = r.Scan(nil) // the same Lock, listed with ScanFolder's finding
	}
}

// The fix: look the folder up under the read lock, scan after releasing it. Silent.
func (m *model) ScanFolderFixed(id string, dirs []string) error {
	m.fmut.RLock()
	r, ok := m.runners[id]
	m.fmut.RUnlock()
	if !ok {
		return errors.New("no such folder")
	}
	return r.Scan(dirs)
}

// A pool whose workers report back through a field set after construction, the worker kept in a slice of the pool.
type worker struct {
	id     int
	onDone func(id int)
}

func (w *worker) run() { w.onDone(w.id) }

type pool struct {
	mu      sync.Mutex
	workers []*worker
	done    int
}

func (p *pool) spawn(id int) {
	w := &worker{id: id}
	w.onDone = p.finish
	p.mu.Lock()
	p.workers = append(p.workers, w)
	p.mu.Unlock()
}

func (p *pool) finish(id int) {
	p.mu.Lock()
	p.done++
	p.mu.Unlock()
}

func (p *pool) RunAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, w := range p.workers {
		w.run() // want `this call reaches a Lock of p.mu \(through run → finish\) while RunAll still holds it locked`
	}
}

// A worker run from a list the pool does not own (a parameter): whose finish it calls is not known. Silent.
func (p *pool) RunThese(ws []*worker) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, w := range ws {
		w.run()
	}
}

// A method value bound to one hub and kept in another's list: the hub running it is not the one it locks. Silent.
type listener struct {
	notify func(msg string)
}

type hub struct {
	mu        sync.Mutex
	listeners []*listener
	log       []string
}

func (h *hub) record(msg string) {
	h.mu.Lock()
	h.log = append(h.log, msg)
	h.mu.Unlock()
}

// Forward makes h's listeners tell other: the method value is bound to other, the listener kept by h.
func (h *hub) Forward(other *hub) {
	l := &listener{notify: other.record}
	h.mu.Lock()
	h.listeners = append(h.listeners, l)
	h.mu.Unlock()
}

func (h *hub) Broadcast(msg string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, l := range h.listeners {
		l.notify(msg)
	}
}

// A batcher whose queue, kept in one of its fields, flushes through a method value of the batcher set when it
// is built: pushing under the batcher's lock flushes, which locks it again.
type queue struct {
	items   []string
	limit   int
	onFull  func()
	onEmpty func()
}

func (q *queue) push(s string) {
	q.items = append(q.items, s)
	if len(q.items) >= q.limit {
		q.onFull()
	}
}

func (q *queue) pop() string {
	if len(q.items) == 0 {
		q.onEmpty()
		return ""
	}
	s := q.items[0]
	q.items = q.items[1:]
	return s
}

type batcher struct {
	mu      sync.Mutex
	q       *queue
	flushed int
	starved int
}

func newBatcher() *batcher {
	b := &batcher{}
	b.q = &queue{limit: 16, onFull: b.flush}
	b.q.onEmpty = b.noteEmpty
	return b
}

func (b *batcher) flush() {
	b.mu.Lock()
	b.flushed++
	b.mu.Unlock()
}

func (b *batcher) noteEmpty() { b.starved++ }

func (b *batcher) Add(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.q.push(s) // want `this call reaches a Lock of b.mu \(through push → flush\) while Add still holds it locked`
}

// onEmpty's method takes no lock. Silent.
func (b *batcher) Next() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.q.pop()
}
