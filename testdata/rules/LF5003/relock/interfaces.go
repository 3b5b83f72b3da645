package relock

import (
	"fmt"
	"io"
	"sync"
)

type taskEvent struct {
	topic string
	id    string
}

type taskListener interface {
	notify(e taskEvent)
}

type auditTrail struct {
	mu    sync.Mutex
	lines []string
}

func (a *auditTrail) notify(e taskEvent) {
	a.mu.Lock()
	a.lines = append(a.lines, e.topic+" "+e.id)
	a.mu.Unlock()
}

// A task service that is one of its own listeners: notifying them with its lock held reaches its own notify.
type taskService struct {
	mu        sync.Mutex
	tasks     map[string]bool
	seen      int
	listeners []taskListener
}

func newTaskService(audit *auditTrail) *taskService {
	s := &taskService{tasks: map[string]bool{}}
	s.listeners = []taskListener{audit, s}
	return s
}

func (s *taskService) notify(e taskEvent) {
	s.mu.Lock()
	s.seen++
	s.mu.Unlock()
}

func (s *taskService) Register(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tasks[id] = true
	for _, l := range s.listeners {
		l.notify(taskEvent{topic: "/tasks/create", id: id}) // want `this call reaches a Lock of s.mu \(through notify\) while Register still holds it locked`
	}
}

// The fix: copy the listeners under the lock, notify after releasing it.
type fixedTaskService struct {
	mu        sync.Mutex
	tasks     map[string]bool
	seen      int
	listeners []taskListener
}

func newFixedTaskService(audit *auditTrail) *fixedTaskService {
	s := &fixedTaskService{tasks: map[string]bool{}}
	s.listeners = append(s.listeners, audit)
	s.listeners = append(s.listeners, s)
	return s
}

func (s *fixedTaskService) notify(e taskEvent) {
	s.mu.Lock()
	s.seen++
	s.mu.Unlock()
}

func (s *fixedTaskService) Register(id string) {
	s.mu.Lock()
	s.tasks[id] = true
	listeners := append([]taskListener(nil), s.listeners...)
	s.mu.Unlock()
	for _, l := range listeners {
		l.notify(taskEvent{topic: "/tasks/create", id: id})
	}
}

// A router whose fallback handler is itself: the handler field set to the owner, called under its lock.
type handler interface {
	handle(key string) error
}

type router struct {
	mu       sync.RWMutex
	routes   map[string]handler
	fallback handler
	misses   int
}

func newRouter() *router {
	r := &router{routes: map[string]handler{}}
	r.fallback = r
	return r
}

func (r *router) handle(key string) error {
	r.mu.Lock()
	r.misses++
	r.mu.Unlock()
	return fmt.Errorf("no route for %q", key)
}

func (r *router) Dispatch(key string) error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if h, ok := r.routes[key]; ok {
		return h.handle(key)
	}
	return r.fallback.handle(key) // want `this call reaches a Lock of r.mu \(through handle\) while Dispatch still holds it read-locked`
}

// Listeners of other types only, each locking its own mutex: another instance's lock, no conflict.
type fanout struct {
	mu        sync.Mutex
	listeners []taskListener
}

func newFanout() *fanout {
	f := &fanout{}
	f.listeners = append(f.listeners, &auditTrail{}, &auditTrail{})
	return f
}

func (f *fanout) Publish(e taskEvent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, l := range f.listeners {
		l.notify(e)
	}
}

// Listeners registered by callers (values of interface type): unknown, so the call stays opaque, even though
// the type could register itself.
type openBus struct {
	mu        sync.Mutex
	seen      int
	listeners []taskListener
}

func (b *openBus) Subscribe(l taskListener) {
	b.mu.Lock()
	b.listeners = append(b.listeners, l)
	b.mu.Unlock()
}

func (b *openBus) notify(e taskEvent) {
	b.mu.Lock()
	b.seen++
	b.mu.Unlock()
}

func (b *openBus) Publish(e taskEvent) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range b.listeners {
		l.notify(e)
	}
}

// A writer field holding a std type: no lock effects.
type logSink struct {
	mu  sync.Mutex
	out io.Writer
}

func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.out.Write(p)
}
