package order

import "sync"

// An event bus calls its listeners under its lock; a listener registered through subscribe locks itself in
// onEvent, and elsewhere asks the bus for its history while holding its own lock: bus.mu then view.mu in one
// goroutine, view.mu then bus.mu in another.
type listener interface {
	onEvent(name string)
}

type bus struct {
	mu        sync.Mutex
	listeners []listener
	events    []string
}

func (b *bus) subscribe(l listener) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listeners = append(b.listeners, l)
}

func (b *bus) publish(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.events = append(b.events, name)
	for _, l := range b.listeners {
		l.onEvent(name) // want `lock-order inversion: publish takes l\.mu \(view\.mu\) \(through onEvent\) while holding b\.mu \(bus\.mu, since line 25\), but replay takes bus\.mu while holding view\.mu`
	}
}

func (b *bus) history() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.events...)
}

type view struct {
	mu   sync.Mutex
	b    *bus
	seen map[string]int
}

func newView(b *bus) *view {
	v := &view{b: b, seen: map[string]int{}}
	b.subscribe(v)
	return v
}

func (v *view) onEvent(name string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.seen[name]++
}

func (v *view) replay() {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, e := range v.b.history() {
		v.seen[e]++
	}
}

// The fix: the listener copies the history before it locks itself.
type calmBus struct {
	mu        sync.Mutex
	listeners []listener
	events    []string
}

func (b *calmBus) subscribe(l listener) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listeners = append(b.listeners, l)
}

func (b *calmBus) publish(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range b.listeners {
		l.onEvent(name)
	}
}

func (b *calmBus) history() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.events...)
}

type calmView struct {
	mu   sync.Mutex
	b    *calmBus
	seen map[string]int
}

func newCalmView(b *calmBus) *calmView {
	v := &calmView{b: b, seen: map[string]int{}}
	b.subscribe(v)
	return v
}

func (v *calmView) onEvent(name string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.seen[name]++
}

func (v *calmView) replay() {
	events := v.b.history()
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, e := range events {
		v.seen[e]++
	}
}

// A registration given a value of interface type by its caller: what it holds is unknown, nothing is followed.
type opaqueBus struct {
	mu        sync.Mutex
	listeners []listener
}

func (b *opaqueBus) subscribe(l listener) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listeners = append(b.listeners, l)
}

func (b *opaqueBus) publish(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range b.listeners {
		l.onEvent(name)
	}
}

func (b *opaqueBus) history() {
	b.mu.Lock()
	defer b.mu.Unlock()
}

func register(b *opaqueBus, l listener) { b.subscribe(l) }

type opaqueView struct {
	mu sync.Mutex
	b  *opaqueBus
}

func (v *opaqueView) onEvent(string) {
	v.mu.Lock()
	defer v.mu.Unlock()
}

func (v *opaqueView) replay() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.b.history()
}
