package fieldliteral

import "sync"

// A connection runs its close hooks under its lock; a hook appended by the code that owns the connection asks the
// connection whether it is closed, which takes the same lock.
type Conn struct {
	mu      sync.Mutex
	closed  bool
	onClose []func()
}

func (c *Conn) Closed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

func (c *Conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for _, f := range c.onClose {
		f()
	}
}

func Track(c *Conn, live map[*Conn]bool) {
	c.onClose = append(c.onClose, func() {
		if c.Closed() { // want `this call reaches a Lock of c.mu \(through Closed\) while Close still holds it locked`
			delete(live, c)
		}
	})
}

// Hooks in a map, called by name under the lock.
type Pool struct {
	mu    sync.Mutex
	size  int
	hooks map[string]func()
}

func (p *Pool) Size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.size
}

func (p *Pool) Fire(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hooks[name]()
}

func NewPool() *Pool {
	p := &Pool{hooks: map[string]func(){}}
	p.hooks["resize"] = func() { _ = p.Size() } // want `this call reaches a Lock of p.mu \(through Size\) while Fire still holds it locked`
	return p
}

// The fix: the hooks run after the unlock, from a copy. Silent.
type FixedConn struct {
	mu      sync.Mutex
	closed  bool
	onClose []func()
}

func (c *FixedConn) Closed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

func (c *FixedConn) Close() {
	c.mu.Lock()
	c.closed = true
	hooks := append([]func(){}, c.onClose...)
	c.mu.Unlock()
	for _, f := range hooks {
		f()
	}
}

func TrackFixed(c *FixedConn, live map[*FixedConn]bool) {
	c.onClose = append(c.onClose, func() {
		if c.Closed() {
			delete(live, c)
		}
	})
}

// Hooks that lock another connection, or take no lock: silent.
type Group struct {
	mu      sync.Mutex
	members []*Conn
	onLeave []func()
}

func (g *Group) Leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, f := range g.onLeave {
		f()
	}
}

func Watch(g *Group, other *Conn, log func(string)) {
	g.onLeave = append(g.onLeave, func() { _ = other.Closed() })
	g.onLeave = append(g.onLeave, func() { log("left") })
}

// Hooks handed in by callers (unknown functions): silent.
type Bus struct {
	mu   sync.Mutex
	subs []func(string)
}

func (b *Bus) Subscribe(f func(string)) {
	b.mu.Lock()
	b.subs = append(b.subs, f)
	b.mu.Unlock()
}

func (b *Bus) Publish(msg string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, f := range b.subs {
		f(msg)
	}
}

// A hook registered through a method that appends its parameter: the package's calls of it say what the field holds.
type Stream struct {
	mu      sync.Mutex
	done    bool
	onReset []func()
}

func (s *Stream) OnReset(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onReset = append(s.onReset, f)
}

func (s *Stream) Done() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done
}

func (s *Stream) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.onReset {
		f()
	}
}

func Follow(s *Stream, count *int) {
	s.OnReset(func() {
		if !s.Done() { // want `this call reaches a Lock of s.mu \(through Done\) while Reset still holds it locked`
			*count++
		}
	})
}

// The same registration also given a caller's function we cannot see: the field is unknown. Silent.
type Feed struct {
	mu      sync.Mutex
	n       int
	onReset []func()
}

func (f *Feed) OnReset(h func()) {
	f.mu.Lock()
	f.onReset = append(f.onReset, h)
	f.mu.Unlock()
}

func (f *Feed) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

func (f *Feed) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, h := range f.onReset {
		h()
	}
}

func FollowFeed(f *Feed, user func()) {
	f.OnReset(func() { _ = f.Len() })
	f.OnReset(user)
}
