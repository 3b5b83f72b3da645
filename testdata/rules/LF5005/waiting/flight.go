package waiting

import "sync"

// A singleflight group whose late callers wait for the in-flight call while still holding the group's lock; the
// caller running the call must take that lock to remove the key before it closes done.

type flightCall struct {
	done chan struct{}
	val  string
}

type flightGroup struct {
	mu sync.Mutex
	m  map[string]*flightCall
}

func (g *flightGroup) do(key string, fn func() string) string {
	g.mu.Lock()
	if c, ok := g.m[key]; ok {
		<-c.done // want `do receives from c.done while holding g.mu`
		g.mu.Unlock()
		return c.val
	}
	c := &flightCall{done: make(chan struct{})}
	g.m[key] = c
	g.mu.Unlock()
	c.val = fn()
	g.mu.Lock()
	delete(g.m, key)
	g.mu.Unlock()
	close(c.done)
	return c.val
}

// Fixed: the late caller unlocks before it waits.
type fairCall struct {
	done chan struct{}
	val  string
}

type fairGroup struct {
	mu sync.Mutex
	m  map[string]*fairCall
}

func (g *fairGroup) do(key string, fn func() string) string {
	g.mu.Lock()
	if c, ok := g.m[key]; ok {
		g.mu.Unlock()
		<-c.done
		return c.val
	}
	c := &fairCall{done: make(chan struct{})}
	g.m[key] = c
	g.mu.Unlock()
	c.val = fn()
	g.mu.Lock()
	delete(g.m, key)
	g.mu.Unlock()
	close(c.done)
	return c.val
}

// The closer does not take the lock first (it closes before removing the key): the wait ends.
type eagerCall struct {
	done chan struct{}
	val  string
}

type eagerGroup struct {
	mu sync.Mutex
	m  map[string]*eagerCall
}

func (g *eagerGroup) do(key string, fn func() string) string {
	g.mu.Lock()
	if c, ok := g.m[key]; ok {
		<-c.done
		g.mu.Unlock()
		return c.val
	}
	c := &eagerCall{done: make(chan struct{})}
	g.m[key] = c
	g.mu.Unlock()
	c.val = fn()
	close(c.done)
	g.mu.Lock()
	delete(g.m, key)
	g.mu.Unlock()
	return c.val
}
