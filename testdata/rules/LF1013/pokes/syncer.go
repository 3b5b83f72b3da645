package pokes

import (
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// The shape of bench/recall's droppednotify: MarkDirty pokes the sync loop without blocking; a poke sent while
// the loop pushes the last batch is dropped and the file waits for the next one.
type FolderSyncer struct {
	mu     sync.Mutex
	dirty  map[string]bool
	notify chan struct{}
	pushed chan string
	stop   chan struct{}
}

func NewFolderSyncer() *FolderSyncer {
	s := &FolderSyncer{
		dirty:  make(map[string]bool),
		notify: make(chan struct{}),
		pushed: make(chan string, 16),
		stop:   make(chan struct{}),
	}
	go s.run()
	return s
}

func (s *FolderSyncer) MarkDirty(name string) {
	s.mu.Lock()
	s.dirty[name] = true
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}: // want `s.notify is unbuffered and every send on it is a non-blocking wake-up .*while the goroutine running FolderSyncer.run is busy in s.flush \(line \d+\).*make\(chan struct\{\}, 1\)`
	default: // the loop is busy; it will pick the file up
	}
}

func (s *FolderSyncer) run() {
	for {
		select {
		case <-s.notify:
			s.flush()
		case <-s.stop:
			return
		}
	}
}

func (s *FolderSyncer) flush() {
	s.mu.Lock()
	names := make([]string, 0, len(s.dirty))
	for n := range s.dirty {
		names = append(names, n)
	}
	s.dirty = make(map[string]bool)
	s.mu.Unlock()
	sort.Strings(names)
	for _, n := range names {
		s.pushed <- n
	}
}

func (s *FolderSyncer) Stop() { close(s.stop) }

// A goroutine literal ranging over the kick channel, started by the constructor; two pokers.
type indexer struct {
	mu      sync.Mutex
	pending []string
	kick    chan struct{}
	index   func([]string)
}

func newIndexer(index func([]string)) *indexer {
	x := &indexer{index: index}
	x.kick = make(chan struct{})
	go func() {
		for range x.kick {
			x.mu.Lock()
			batch := x.pending
			x.pending = nil
			x.mu.Unlock()
			x.index(batch)
		}
	}()
	return x
}

func (x *indexer) Add(doc string) {
	x.mu.Lock()
	x.pending = append(x.pending, doc)
	x.mu.Unlock()
	x.poke()
}

func (x *indexer) poke() {
	select {
	case x.kick <- struct{}{}: // want `x.kick is unbuffered .*the goroutine loop at line \d+ is busy in x.index`
	default:
	}
}

func (x *indexer) AddAll(docs []string) {
	x.mu.Lock()
	x.pending = append(x.pending, docs...)
	x.mu.Unlock()
	select {
	case x.kick <- struct{}{}:
	default:
	}
}

// A local channel: the function feeds events to an applier goroutine it starts.
func watch(events <-chan string, apply func(string)) {
	kick := make(chan struct{})
	var mu sync.Mutex
	var pending []string
	go func() {
		for {
			<-kick
			mu.Lock()
			batch := pending
			pending = nil
			mu.Unlock()
			for _, e := range batch {
				apply(e)
			}
		}
	}()
	for e := range events {
		mu.Lock()
		pending = append(pending, e)
		mu.Unlock()
		select {
		case kick <- struct{}{}: // want `kick is unbuffered .*busy in apply.*make\(chan struct\{\}, 1\)`
		default:
		}
	}
}

// A bool wake-up, and the work done after the select rather than in its case.
type compactor struct {
	wake    chan bool
	quit    chan struct{}
	db      *store
	pending int
}

type store struct{ mu sync.Mutex }

func (s *store) Compact(full bool) { time.Sleep(time.Millisecond) }

func startCompactor(db *store) *compactor {
	c := &compactor{wake: make(chan bool), quit: make(chan struct{}), db: db}
	go func() { c.loop() }()
	return c
}

func (c *compactor) Trigger(full bool) {
	c.pending++
	select {
	case c.wake <- full: // want `c.wake is unbuffered .*the goroutine running compactor.loop is busy in c.db.Compact.*make\(chan bool, 1\)`
	default:
	}
}

func (c *compactor) loop() {
	full := false
	for {
		select {
		case f := <-c.wake:
			full = f
		case <-c.quit:
			return
		}
		c.db.Compact(full)
	}
}

// An int channel whose value the loop drops: the value is no message, only a wake-up.
type refresher struct {
	kick chan int
	load func() error
	gen  int64
}

func newRefresher(load func() error) *refresher {
	r := &refresher{kick: make(chan int, 0), load: load}
	go r.loop()
	return r
}

func (r *refresher) Invalidate(gen int) {
	atomic.StoreInt64(&r.gen, int64(gen))
	select {
	case r.kick <- gen: // want `r.kick is unbuffered .*busy in r.load`
	default:
	}
}

func (r *refresher) loop() {
	for {
		<-r.kick
		_ = r.load()
	}
}
